-- The lists a manager acts on (participation.Lists), each with its own
-- partial index holding only the members its rule can put on it, in the
-- list's order, with the column its date condition tests: the dashboard's
-- participation panel counts each list and reads its first few on every
-- request, and at 100,000 standing rows each of the three read the whole
-- table (going quiet's OR has no other index to use), 444 ms of CPU a
-- dashboard on SQLite. Each WHERE here is, term for term, the one
-- participation.listFilter writes, so both engines see the query implies it.
CREATE INDEX member_standing_next_step ON member_standing (engagement_key DESC, member_id, first_at)
    WHERE mode = 'contribute' AND deepest_mode = 'contribute';
CREATE INDEX member_standing_quiet_newcomers ON member_standing (first_at DESC, member_id)
    WHERE stage IN ('newcomer', 'drifting') AND activities = 1;
CREATE INDEX member_standing_going_quiet ON member_standing (engagement_key DESC, member_id, last_at)
    WHERE (mode IN ('collaborate', 'co_create') OR prev_mode IN ('collaborate', 'co_create')) AND stage <> 'lapsed';
