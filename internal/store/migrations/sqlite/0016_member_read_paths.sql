-- Faster reads of the members list on SQLite.
--
-- A member's emails, tags, identities and custom fields, kept together:
-- the tables become WITHOUT ROWID, stored in their primary key's order
-- (member_id first), so a page of 50 members reads each member's rows
-- with one seek in one B-tree. As rowid tables, every row was found in
-- the primary key's index and then read again from the table by rowid:
-- two B-trees, about twice the pages, for every child row of a page.
-- Same columns, keys and indexes as before (the parity test holds them
-- to PostgreSQL's, which keeps its tables as they are).

CREATE TABLE member_emails_clustered (
    member_id  BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    email      TEXT NOT NULL,                      -- lower-cased
    is_primary INTEGER NOT NULL DEFAULT 0,
    position   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (member_id, email)
) WITHOUT ROWID;
INSERT INTO member_emails_clustered (member_id, email, is_primary, position)
    SELECT member_id, email, is_primary, position FROM member_emails ORDER BY member_id, email;
DROP TABLE member_emails;
ALTER TABLE member_emails_clustered RENAME TO member_emails;
CREATE INDEX member_emails_email ON member_emails (email);

-- Tags of several kinds: 'interest', 'expertise', 'language', 'tag'.
-- tag keeps the casing first written; tag_key (lower-cased in Go) is what
-- filters, counts and uniqueness use, so "Python" and "python" are one tag.
CREATE TABLE member_tags_clustered (
    member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    kind      TEXT NOT NULL,
    tag       TEXT NOT NULL,
    tag_key   TEXT NOT NULL,
    PRIMARY KEY (member_id, kind, tag_key)
) WITHOUT ROWID;
INSERT INTO member_tags_clustered (member_id, kind, tag, tag_key)
    SELECT member_id, kind, tag, tag_key FROM member_tags ORDER BY member_id, kind, tag_key;
DROP TABLE member_tags;
ALTER TABLE member_tags_clustered RENAME TO member_tags;
CREATE INDEX member_tags_tag ON member_tags (kind, tag_key, member_id);

-- Identities on other platforms: github, slack, discourse, mastodon, website ...
CREATE TABLE member_identities_clustered (
    member_id  BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    platform   TEXT NOT NULL,
    handle     TEXT NOT NULL,                      -- as written
    handle_key TEXT NOT NULL,                      -- lower-cased, for matching
    PRIMARY KEY (member_id, platform, handle_key)
) WITHOUT ROWID;
INSERT INTO member_identities_clustered (member_id, platform, handle, handle_key)
    SELECT member_id, platform, handle, handle_key FROM member_identities ORDER BY member_id, platform, handle_key;
DROP TABLE member_identities;
ALTER TABLE member_identities_clustered RENAME TO member_identities;
CREATE INDEX member_identities_handle ON member_identities (platform, handle_key);

-- Custom fields a community defines for itself.
CREATE TABLE member_fields_clustered (
    member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    value     TEXT NOT NULL,
    name_key  TEXT NOT NULL,                       -- name and value lower-cased (in Go):
    value_key TEXT NOT NULL,                       -- field filters ignore case
    PRIMARY KEY (member_id, name)
) WITHOUT ROWID;
INSERT INTO member_fields_clustered (member_id, name, value, name_key, value_key)
    SELECT member_id, name, value, name_key, value_key FROM member_fields ORDER BY member_id, name;
DROP TABLE member_fields;
ALTER TABLE member_fields_clustered RENAME TO member_fields;
-- Field filters (field.lab=A) start from the name.
CREATE INDEX member_fields_name ON member_fields (name_key, member_id);

-- The members list walks members_sort_name in the page's order and tests
-- each member against the filter. The index now also holds the columns
-- of the filters that walk most: archived or not, career stage, and the
-- folded affiliation and job title that a common substring ("nivers" of
-- University, in half the affiliations) is matched against. SQLite tests
-- them on the index entry and reads a member's row only when it matches,
-- where it read every row it passed: a page of a common job title substring read
-- thousands of rows scattered over the table, and now reads one index in
-- order. PostgreSQL keeps (sort_name, id): its trigram indexes serve
-- those filters.
DROP INDEX members_sort_name;
CREATE INDEX members_sort_name ON members (sort_name, id, archived_at, career_stage, affiliation_key, job_title_key);

-- The rebuilt tables lost their planner statistics with the old ones:
-- take them again (a sample, as after a bulk load). Empty tables, as in a
-- new database, get none.
PRAGMA analysis_limit = 1000;
ANALYZE member_emails;
ANALYZE member_tags;
ANALYZE member_identities;
ANALYZE member_fields;
ANALYZE members;
