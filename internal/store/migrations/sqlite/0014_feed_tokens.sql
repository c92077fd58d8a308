-- Calendar subscription URLs: a secret per team user for calendar clients
-- that cannot send an API token. Like api_tokens, only the SHA-256 of the
-- secret is kept; a feed token reads calendar feeds and nothing else.
CREATE TABLE feed_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL DEFAULT '',
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX feed_tokens_user ON feed_tokens (user_id);
