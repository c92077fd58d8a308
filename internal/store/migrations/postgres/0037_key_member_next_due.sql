-- When each key member's next contact falls due, kept so the dashboard
-- reads only those due or overdue (through key_members_next_due) rather
-- than working it out for every key member on every request: at 1,000
-- key members that was one seek into interaction_members each, 8 ms of
-- the dashboard's 18. It is the last contact (the latest
-- interaction_members.occurred_on) plus cadence_days, YYYY-MM-DD, and NULL
-- for a key member never contacted, whose due day depends on the
-- community's time zone and so is worked out when read. Written by the
-- relationships package whenever an interaction, a cadence or a merge
-- changes it, and once, set-based, at the end of a bulk load: no trigger
-- fires per interaction.
ALTER TABLE key_members ADD COLUMN next_due_on TEXT;

UPDATE key_members SET next_due_on = to_char(CAST(
    (SELECT MAX(im.occurred_on) FROM interaction_members im WHERE im.member_id = key_members.member_id)
    AS date) + key_members.cadence_days, 'YYYY-MM-DD');

CREATE INDEX key_members_next_due ON key_members (next_due_on, member_id);

-- The dashboard counts the members who joined this month who are not
-- archived: with archived_at in the index the count reads no member row
-- (3,333 of them at 100,000 members: on SQLite a third of a millisecond
-- rather than one and a half). joined_on is there too because PostgreSQL
-- reads an index alone only when it holds every column the query names,
-- not just the expression. Same columns first, so what read the index
-- before still does.
DROP INDEX members_joined;
CREATE INDEX members_joined ON members ((COALESCE(joined_on, '')), id, archived_at, joined_on);
