-- Searching members for a given name asks the full-text index for every
-- word beginning with what was typed ("Lê" searches le*). Without a
-- prefix index FTS5 finds each such word and merges their lists of
-- members on every search: for le* some 39,000 members across hundreds
-- of words (lee, leon, learning ...), 4.5 ms of CPU before a page could
-- start. With prefix = '1 2 3' it also keeps one list for every prefix of
-- one, two and three letters, so that a short search reads a single
-- list (0.16 ms); longer prefixes match few words and were never slow.
-- The index grows from 10 to 31 MB at 100,000 members. FTS5 cannot add
-- the option to an existing table: it is made again with it and rebuilt
-- from members. The triggers that keep it in step name the table, not
-- its options, and stay as they are.
DROP TABLE members_fts;
CREATE VIRTUAL TABLE members_fts USING fts5(
    search_text,
    content = 'members',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
INSERT INTO members_fts (members_fts) VALUES ('rebuild');
