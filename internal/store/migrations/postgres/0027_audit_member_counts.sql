-- The member side of the content audit, counted ahead of time: a
-- background job counts the members by time zone, career stage and
-- preferences ("mix"), and the members of each saved segment
-- ("segment:<id>"), every few minutes, so opening the audit reads a few
-- rows instead of counting 100,000 members. Every instance shares them.
-- query is the segment's filter when counted: a changed filter is
-- counted afresh. counts is JSON: the mix's figures, or a segment's total.
CREATE TABLE audit_member_counts (
    key        TEXT NOT NULL PRIMARY KEY,
    query      TEXT NOT NULL DEFAULT '',
    counts     TEXT NOT NULL,
    counted_at BIGINT NOT NULL
);
