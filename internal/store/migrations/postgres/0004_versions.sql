-- Record versions, so two people editing one record at once never lose an
-- edit in silence. Every update sets version = version + 1 in the same
-- statement (WHERE id = ? AND version = ?); the API shows it as the ETag
-- and forms carry it hidden, and an edit made against an older version is
-- refused with what changed since.
ALTER TABLE members ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE interactions ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE followups ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE key_members ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

-- What a record looked like at a version that an edit replaced, as a JSON
-- object of field -> shown value, so a refused edit can say "here is what
-- changed since you opened it" (old -> new). Only the last versions of each
-- record are kept; they go with the record (ON DELETE CASCADE), so erasing
-- a member erases their history too.
CREATE TABLE member_versions (
    member_id   BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    version     BIGINT NOT NULL,
    fields      TEXT NOT NULL,
    replaced_at BIGINT NOT NULL,
    PRIMARY KEY (member_id, version)
);
CREATE TABLE interaction_versions (
    interaction_id BIGINT NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
    version        BIGINT NOT NULL,
    fields         TEXT NOT NULL,
    replaced_at    BIGINT NOT NULL,
    PRIMARY KEY (interaction_id, version)
);
CREATE TABLE followup_versions (
    followup_id BIGINT NOT NULL REFERENCES followups(id) ON DELETE CASCADE,
    version     BIGINT NOT NULL,
    fields      TEXT NOT NULL,
    replaced_at BIGINT NOT NULL,
    PRIMARY KEY (followup_id, version)
);
CREATE TABLE key_member_versions (
    member_id   BIGINT NOT NULL REFERENCES key_members(member_id) ON DELETE CASCADE,
    version     BIGINT NOT NULL,
    fields      TEXT NOT NULL,
    replaced_at BIGINT NOT NULL,
    PRIMARY KEY (member_id, version)
);
