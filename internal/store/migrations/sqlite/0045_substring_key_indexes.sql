-- Substring filters on affiliation and job title (members.addContains)
-- match far fewer distinct texts than members: 100,000 members hold a few
-- hundred affiliations, and "nivers" or "anager" names a handful of them.
-- The members list finds the distinct folded texts that match (reading
-- these indexes' first column, one entry per distinct text), then reads
-- each matching text's members in the page's order, from these indexes,
-- and merges them: a page of "kenya" reads about a page of entries per
-- matching text, where the trigram index gathered and sorted every match
-- (10-90 ms of CPU for 500-2,000 of them) and reading members_sort_name
-- read the whole index for a text no member holds. Like members_sort_name
-- they hold what the list's common filters test, so a member's row is read
-- only when it is on the page.
CREATE INDEX members_affiliation_sort ON members (affiliation_key, sort_name, id, archived_at, career_stage, job_title_key);
CREATE INDEX members_job_title_sort ON members (job_title_key, sort_name, id, archived_at, career_stage, affiliation_key);

-- SQLite reads one entry per distinct text only when its statistics show
-- that texts repeat; take them (a sample, as after a bulk load). An empty
-- table, as in a new database, gets none.
PRAGMA analysis_limit = 1000;
ANALYZE members;
