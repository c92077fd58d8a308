-- Nothing to do on PostgreSQL: the SQLite migration of this number gives
-- the members' FTS5 index a prefix index for short searches. PostgreSQL
-- searches the members' search vector through its GIN index, which is
-- left as it is.
SELECT 1;
