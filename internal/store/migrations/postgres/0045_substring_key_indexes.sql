-- Substring filters on affiliation and job title (members.addContains)
-- match far fewer distinct texts than members: 100,000 members hold a few
-- hundred affiliations, and "nivers" or "anager" names a handful of them.
-- The members list finds the distinct folded texts that match (reading
-- these indexes' first column, one descent per distinct text), then reads
-- each matching text's members in the page's order, from these indexes,
-- and merges them, where the trigram index gathered and sorted every match
-- and walking members_sort_name read the whole index for a rare text. They
-- hold the archived flag too, so that a page's candidates are found
-- without reading the table.
CREATE INDEX members_affiliation_sort ON members (affiliation_key, sort_name, id, archived_at);
CREATE INDEX members_job_title_sort ON members (job_title_key, sort_name, id, archived_at);
