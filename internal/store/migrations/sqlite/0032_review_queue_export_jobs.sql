-- The community-wide review queue of uncertain identity matches, and
-- exports that run as jobs with their files kept in the database.

-- One row per uncertain match an import made: member_id is the new member
-- it imported, other_id the member already here who may be the same
-- person. A pair is pending until it is settled: merged (either way
-- round, from the queue or the member merge page), distinct (marked "not
-- the same person"), or undone (its import was undone). A merge's undo
-- and taking back "not the same person" put the pair back in the queue.
-- Member ids are plain numbers: a merged member is gone, the pair stays.
CREATE TABLE import_reviews (
    id          INTEGER PRIMARY KEY,
    run_id      BIGINT NOT NULL REFERENCES import_runs(id) ON DELETE CASCADE,
    member_id   BIGINT NOT NULL,
    other_id    BIGINT NOT NULL,
    file_name   TEXT NOT NULL DEFAULT '',
    line        BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    settled     TEXT NOT NULL DEFAULT '',       -- '', merged, distinct, undone
    settled_at  BIGINT,
    settled_by  BIGINT REFERENCES users(id) ON DELETE SET NULL
);
-- The queue's pages: pending pairs, oldest first.
CREATE INDEX import_reviews_pending ON import_reviews (id) WHERE settled = '';
CREATE INDEX import_reviews_member ON import_reviews (member_id);
CREATE INDEX import_reviews_other ON import_reviews (other_id);
CREATE INDEX import_reviews_run ON import_reviews (run_id);

-- Every review item the runs logged so far, settled as things stand.
INSERT INTO import_reviews (run_id, member_id, other_id, file_name, line, created_at)
SELECT i.run_id, i.member_id, i.other_id, i.file_name, i.line, COALESCE(r.finished_at, r.created_at)
FROM import_issues i JOIN import_runs r ON r.id = i.run_id
WHERE i.kind = 'review' AND r.status IN ('done', 'undone') AND i.member_id IS NOT NULL AND i.other_id IS NOT NULL
ORDER BY i.run_id, i.seq;
UPDATE import_reviews SET settled = 'undone', settled_at = created_at
WHERE run_id IN (SELECT id FROM import_runs WHERE status = 'undone');
UPDATE import_reviews SET settled = 'distinct', settled_at = created_at
WHERE settled = '' AND EXISTS (SELECT 1 FROM member_distinct_pairs p
    WHERE p.member_low = MIN(import_reviews.member_id, import_reviews.other_id)
      AND p.member_high = MAX(import_reviews.member_id, import_reviews.other_id));
UPDATE import_reviews SET settled = 'merged', settled_at = created_at
WHERE settled = '' AND (NOT EXISTS (SELECT 1 FROM members m WHERE m.id = import_reviews.member_id)
    OR NOT EXISTS (SELECT 1 FROM members m WHERE m.id = import_reviews.other_id));

-- An export a person asked for that runs as a job: the whole-database
-- archive always, a CSV or vCard of many rows. status: queued, running,
-- done, failed. Kept a day, then pruned with its file.
CREATE TABLE exports (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,                 -- members, activities, interactions, archive
    format       TEXT NOT NULL DEFAULT '',      -- csv, vcard (members)
    segment_id   BIGINT,                        -- members of a saved segment
    archived     INTEGER NOT NULL DEFAULT 0,    -- archived members included
    requested_by BIGINT REFERENCES users(id) ON DELETE CASCADE,
    actor        TEXT NOT NULL,
    status       TEXT NOT NULL,
    job_id       BIGINT,
    file_name    TEXT NOT NULL DEFAULT '',
    content_type TEXT NOT NULL DEFAULT '',
    rows_total   BIGINT NOT NULL DEFAULT 0,     -- rows expected, 0 when unknown
    rows_done    BIGINT NOT NULL DEFAULT 0,
    size         BIGINT NOT NULL DEFAULT 0,     -- bytes written
    error        TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    started_at   BIGINT,
    finished_at  BIGINT
);
CREATE INDEX exports_created ON exports (created_at);
CREATE INDEX exports_requested ON exports (requested_by, id);

-- An export's file, about 1 MiB a row, in order: any instance can serve it.
CREATE TABLE export_chunks (
    export_id BIGINT NOT NULL REFERENCES exports(id) ON DELETE CASCADE,
    seq       BIGINT NOT NULL,
    data      BLOB NOT NULL,
    PRIMARY KEY (export_id, seq)
);
