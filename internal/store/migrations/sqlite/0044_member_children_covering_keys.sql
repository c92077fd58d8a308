-- Nothing to do on SQLite: the PostgreSQL migration of this number makes
-- the primary keys of member_emails, member_tags and member_identities
-- carry the columns a page of members reads (INCLUDE), which SQLite's
-- indexes have no form for.
SELECT 1;
