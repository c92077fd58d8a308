-- Substring filters (affiliation contains "nairo", job title contains
-- "engineer") match anywhere in the folded text, which a B-tree cannot
-- help with: at 100,000 members each such filter read the whole table.
-- An FTS5 index with the trigram tokenizer finds the rows holding a
-- substring of three characters or more; the members list then checks
-- the exact LIKE on just those rows. It indexes the folded *_key columns,
-- kept in step by the triggers below as members_fts is.
CREATE VIRTUAL TABLE members_substr USING fts5(
    affiliation_key,
    job_title_key,
    content = 'members',
    content_rowid = 'id',
    tokenize = 'trigram'
);
INSERT INTO members_substr (members_substr) VALUES ('rebuild');
CREATE TRIGGER members_substr_insert AFTER INSERT ON members BEGIN
    INSERT INTO members_substr (rowid, affiliation_key, job_title_key) VALUES (new.id, new.affiliation_key, new.job_title_key);
END;
CREATE TRIGGER members_substr_delete AFTER DELETE ON members BEGIN
    INSERT INTO members_substr (members_substr, rowid, affiliation_key, job_title_key)
        VALUES ('delete', old.id, old.affiliation_key, old.job_title_key);
END;
CREATE TRIGGER members_substr_update AFTER UPDATE OF affiliation_key, job_title_key ON members BEGIN
    INSERT INTO members_substr (members_substr, rowid, affiliation_key, job_title_key)
        VALUES ('delete', old.id, old.affiliation_key, old.job_title_key);
    INSERT INTO members_substr (rowid, affiliation_key, job_title_key) VALUES (new.id, new.affiliation_key, new.job_title_key);
END;
