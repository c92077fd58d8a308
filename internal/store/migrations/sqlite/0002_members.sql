-- Members: the people in the community.
CREATE TABLE members (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL,
    preferred_name     TEXT NOT NULL DEFAULT '',
    pronouns           TEXT NOT NULL DEFAULT '',
    preferred_key      TEXT NOT NULL DEFAULT '',   -- preferred_name folded like sort_name, for the name filter
    pronouns_key       TEXT NOT NULL DEFAULT '',   -- lower-cased (in Go), for exact matching that ignores case
    sort_name          TEXT NOT NULL,              -- lower-cased, accents folded (in Go), for ordering
    affiliation        TEXT NOT NULL DEFAULT '',
    affiliation_key    TEXT NOT NULL DEFAULT '',   -- folded like sort_name, for case-insensitive matching
    job_title          TEXT NOT NULL DEFAULT '',
    job_title_key      TEXT NOT NULL DEFAULT '',   -- folded like sort_name, for substring matching
    orcid              TEXT,                       -- 0000-0000-0000-000X, NULL when unknown
    country            TEXT NOT NULL DEFAULT '',   -- ISO 3166-1 alpha-2
    timezone           TEXT NOT NULL DEFAULT '',   -- IANA name
    career_stage       TEXT NOT NULL DEFAULT '',
    joined_on          TEXT,                       -- YYYY-MM-DD
    source             TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL DEFAULT 'active',
    pref_modality      TEXT NOT NULL DEFAULT '',   -- written, spoken, both
    pref_timing        TEXT NOT NULL DEFAULT '',   -- synchronous, asynchronous, both
    pref_hours         INTEGER,                    -- hours per month they can give
    consent_contact    INTEGER NOT NULL DEFAULT 0,
    consent_basis      TEXT NOT NULL DEFAULT '',
    consent_on         TEXT,
    notes              TEXT NOT NULL DEFAULT '',   -- Markdown
    search_text        TEXT NOT NULL DEFAULT '',   -- name, affiliation, tags, notes as folded words: fed to full-text search
    archived_at        BIGINT,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);
CREATE INDEX members_sort_name ON members (sort_name, id);
-- The members list sorts by joined_on with NULLs as '' so keyset pagination
-- sees one total order; the index holds that exact expression.
CREATE INDEX members_joined ON members (COALESCE(joined_on, ''), id);
CREATE INDEX members_created ON members (created_at, id);
CREATE INDEX members_updated ON members (updated_at, id);
CREATE INDEX members_orcid ON members (orcid);
CREATE INDEX members_status ON members (status);
-- A time zone filter often picks a few members out of many. Pronouns,
-- preferences and consent bases are shared by too many to gain from an
-- index, and names and job titles are matched inside the text.
CREATE INDEX members_timezone ON members (timezone);

CREATE TABLE member_emails (
    member_id  BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    email      TEXT NOT NULL,                      -- lower-cased
    is_primary INTEGER NOT NULL DEFAULT 0,
    position   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (member_id, email)
);
CREATE INDEX member_emails_email ON member_emails (email);

-- Tags of several kinds: 'interest', 'expertise', 'language', 'tag'.
-- tag keeps the casing first written; tag_key (lower-cased in Go) is what
-- filters, counts and uniqueness use, so "Python" and "python" are one tag.
CREATE TABLE member_tags (
    member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    kind      TEXT NOT NULL,
    tag       TEXT NOT NULL,
    tag_key   TEXT NOT NULL,
    PRIMARY KEY (member_id, kind, tag_key)
);
CREATE INDEX member_tags_tag ON member_tags (kind, tag_key, member_id);

-- Identities on other platforms: github, slack, discourse, mastodon, website ...
CREATE TABLE member_identities (
    member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    platform  TEXT NOT NULL,
    handle    TEXT NOT NULL,                       -- as written
    handle_key TEXT NOT NULL,                      -- lower-cased, for matching
    PRIMARY KEY (member_id, platform, handle_key)
);
CREATE INDEX member_identities_handle ON member_identities (platform, handle_key);

-- Custom fields a community defines for itself.
CREATE TABLE member_fields (
    member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    value     TEXT NOT NULL,
    name_key  TEXT NOT NULL,                       -- name and value lower-cased (in Go):
    value_key TEXT NOT NULL,                       -- field filters ignore case
    PRIMARY KEY (member_id, name)
);
-- Field filters (field.lab=A) start from the name. Not value_key: values
-- may be 2,000 characters, beyond what a PostgreSQL index entry may hold.
CREATE INDEX member_fields_name ON member_fields (name_key, member_id);

-- Saved filters.
CREATE TABLE segments (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    query      TEXT NOT NULL,                      -- URL-encoded filter, as in the members list
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);

CREATE VIRTUAL TABLE members_fts USING fts5(
    search_text,
    content = 'members',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER members_fts_insert AFTER INSERT ON members BEGIN
    INSERT INTO members_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER members_fts_delete AFTER DELETE ON members BEGIN
    INSERT INTO members_fts (members_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER members_fts_update AFTER UPDATE OF search_text ON members BEGIN
    INSERT INTO members_fts (members_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO members_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
