-- Substring filters (affiliation contains "nairo", job title contains
-- "engineer") match anywhere in the folded text, which a B-tree cannot
-- help with: at 100,000 members each such filter read the whole table.
-- Trigram indexes (pg_trgm) answer LIKE '%...%' for patterns of three
-- characters or more.
--
-- pg_trgm ships with PostgreSQL and is a trusted extension (PostgreSQL
-- 13+): the owner of the database may create it without being a
-- superuser. It goes in the public schema, once per database, so that
-- every Trellis schema in the database shares it. Where it cannot be
-- created (a role without CREATE on the database, a server built without
-- contrib), the migration still succeeds with a warning and the filters
-- work as before, by reading the table; create the extension as a
-- superuser and run `trellis migrate` on a fresh schema, or create the two
-- indexes below by hand, to get them.
DO $$
DECLARE
    ext_schema text;
BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
    EXCEPTION WHEN insufficient_privilege OR undefined_file OR undefined_object
               OR invalid_schema_name OR unique_violation OR duplicate_object THEN
        RAISE WARNING 'pg_trgm could not be created (%); substring filters on affiliation and job title will read the whole members table', SQLERRM;
    END;
    -- The extension may already live in another schema; use it there.
    SELECT n.nspname INTO ext_schema
      FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'pg_trgm';
    IF ext_schema IS NOT NULL THEN
        EXECUTE format('CREATE INDEX members_affiliation_trgm ON members USING gin (affiliation_key %I.gin_trgm_ops)', ext_schema);
        EXECUTE format('CREATE INDEX members_job_title_trgm ON members USING gin (job_title_key %I.gin_trgm_ops)', ext_schema);
    END IF;
END
$$;
