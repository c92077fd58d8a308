-- SQLite's 0016 rebuilds member_emails, member_tags, member_identities and
-- member_fields as WITHOUT ROWID tables, so that a member's rows are stored
-- together in primary-key order. PostgreSQL has no such table kind, and a
-- page reads these tables with one member_id index lookup per member
-- (members.childrenOf), which already fetches a member's rows together
-- as they were written together: its tables stay as they are. SQLite's
-- wider members_sort_name lets its list test common substrings on the
-- index; PostgreSQL has trigram indexes for them and keeps its own.
SELECT 1;
