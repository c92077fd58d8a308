-- FTS5's secure-delete is no longer on for every write (migration 0033 set
-- it on both search indexes for good). With it, each change to a member's
-- indexed words rewrites the index pages that held the old ones at once:
-- tagging 10,000 members took four times as long. Only an erasure needs
-- the old words gone at once; privacy's write transactions switch it on
-- for themselves and off again before they commit. Other changes leave
-- the old entries to the index's own merges, as FTS5 does by default.
INSERT INTO members_fts (members_fts, rank) VALUES ('secure-delete', 0);
INSERT INTO members_substr (members_substr, rank) VALUES ('secure-delete', 0);
