-- Erasure at a person's request (the right to erasure). The person's rows
-- are removed; what stays is a one-way keyed hash (HMAC-SHA256 under the
-- instance's own secret, kept in settings as privacy_hash_key) of each
-- email address, platform identity and ORCID iD they had, so a later
-- import or create that would bring them back is refused, while the
-- list itself says nothing readable about who was erased.
CREATE TABLE erased_identifiers (
    hash      TEXT NOT NULL PRIMARY KEY,               -- hex HMAC-SHA256 of "kind:value"
    kind      TEXT NOT NULL CHECK (kind IN ('email', 'identity', 'orcid')),
    erased_at BIGINT NOT NULL
);
