-- Indexes that let the dashboard count and list what is due without
-- reading a row per follow-up or member (at 100,000 members: 2,300 open
-- follow-ups due, 1,000 key members, 1,700 archived members).

-- Open follow-ups due, counted with their member from the index alone.
CREATE INDEX followups_open_member ON followups (status, due_on, member_id);
-- The few archived members, so "not about an archived member" is a short
-- list read once rather than a lookup per row.
CREATE INDEX members_archived ON members (id) WHERE archived_at IS NOT NULL;
-- Members with no joining day, by when they were added: "new this month"
-- for them reads only those, not every member added this month.
CREATE INDEX members_created_unjoined ON members (created_at, id) WHERE joined_on IS NULL OR joined_on = '';
