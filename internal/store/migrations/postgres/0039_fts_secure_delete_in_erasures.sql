-- Nothing to do on PostgreSQL: the SQLite migration of this number turns
-- FTS5's secure-delete off outside erasures. PostgreSQL's search indexes
-- are ordinary indexes, vacuumed with their table.
SELECT 1;
