package participation

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/trellis-community/trellis/internal/store"
)

// A batch goes in skipping conflicts (ON CONFLICT DO NOTHING, or SQLite's
// INSERT OR IGNORE), so an activity already stored (the same source and
// external id, sent before or earlier in the batch) is skipped rather than
// refusing the batch, and the count of rows actually inserted is the
// count created. SQLite inserts each chunk straight away with batched
// prepared statements and counts what it inserted with total_changes().
// It runs with foreign keys off (store.InCheckedBulkTx: every member was
// looked up in the same transaction), and with OR IGNORE rather than
// ON CONFLICT DO NOTHING, which would leave NOT NULL's default ABORT: with
// either, SQLite keeps a journal of every page each statement changes, in
// case it must undo it half way, and that was half the CPU of a batch.
// The values are never NULL where the table says NOT NULL (check sees to
// it), so OR IGNORE skips nothing but conflicts.
// PostgreSQL's COPY, the fast way in, cannot skip conflicts: chunks are
// copied into a temporary table and moved across in one INSERT ...
// SELECT ... ON CONFLICT DO NOTHING at the end.
//
// What it costs, measured on SQLite at 100,000 members (per 100,000
// activities, on a shared two-core machine): each of the two secondary
// indexes (a member's activities, the community's by time) about a
// quarter of the writing, since every row lands at a random place in
// activities_member; the commit, which writes every page those random
// inserts dirtied to the WAL, about a fifth.

const activityInsert = "INSERT INTO activities (member_id, kind, source, occurred_at, title, url, external_id, created_by, created_at)"

const activityInsertOrIgnore = "INSERT OR IGNORE INTO activities (member_id, kind, source, occurred_at, title, url, external_id, created_by, created_at)"

var incomingColumns = []string{"member_id", "kind", "source", "occurred_at", "title", "url", "external_id", "created_by", "created_at"}

// writer writes one batch's rows inside its transaction.
type writer struct {
	tx     *store.Tx
	by     any // the team user sending the batch, or nil
	at     int64
	items  int   // rows written so far
	before int64 // SQLite's total_changes() when the batch began
	// named is every member the rows written so far belong to: at most
	// the community's members, however long the batch.
	named map[int64]struct{}
}

// members is the ids of the members the rows written belong to, ascending.
func (w *writer) members() []int64 {
	ids := make([]int64, 0, len(w.named))
	for id := range w.named {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

func newWriter(ctx context.Context, tx *store.Tx, by any, at int64) (*writer, error) {
	w := &writer{tx: tx, by: by, at: at, named: map[int64]struct{}{}}
	if tx.Dialect == store.Postgres {
		_, err := tx.Exec(ctx, `CREATE TEMPORARY TABLE activities_incoming (
			member_id BIGINT NOT NULL, kind TEXT NOT NULL, source TEXT NOT NULL, occurred_at BIGINT NOT NULL,
			title TEXT NOT NULL, url TEXT NOT NULL, external_id TEXT, created_by BIGINT, created_at BIGINT NOT NULL
		) ON COMMIT DROP`)
		if err != nil {
			return nil, fmt.Errorf("stage activities: %w", err)
		}
		return w, nil
	}
	if err := tx.QueryRow(ctx, "SELECT total_changes()").Scan(&w.before); err != nil {
		return nil, fmt.Errorf("count changes: %w", err)
	}
	return w, nil
}

// write sends rows: into activities on SQLite, into the staging table on
// PostgreSQL.
func (w *writer) write(ctx context.Context, rows []row) error {
	if len(rows) == 0 {
		return nil
	}
	last := int64(0)
	for i := range rows {
		if id := rows[i].memberID; id != last {
			w.named[id], last = struct{}{}, id
		}
	}
	// On SQLite created_by and created_at, the batch's own, are written
	// once in the statement (tuple) rather than bound for every row.
	pg := w.tx.Dialect == store.Postgres
	cols := len(incomingColumns)
	if !pg {
		cols -= 2
	}
	seq := func(yield func([]any) bool) {
		vals := make([]any, len(incomingColumns))
		if pg {
			vals[7], vals[8] = w.by, w.at
		}
		for i := range rows {
			r := &rows[i]
			var ext any
			if r.externalID != "" {
				ext = r.externalID
			}
			vals[0], vals[1], vals[2], vals[3], vals[4], vals[5], vals[6] =
				r.memberID, r.kind, r.source, r.occurredAt, r.title, r.url, ext
			if !yield(vals[:cols]) {
				return
			}
		}
	}
	var err error
	if pg {
		_, err = w.tx.CopyRows(ctx, "activities_incoming", incomingColumns, seq)
	} else {
		_, err = w.tx.InsertManyTuple(ctx, activityInsertOrIgnore, w.tuple(), "", cols, seq)
	}
	if err != nil {
		return fmt.Errorf("write activities: %w", err)
	}
	w.items += len(rows)
	return nil
}

// tuple is a row of SQLite's multi-row INSERT: the row's own seven values
// bound, the batch's created_by and created_at written in.
func (w *writer) tuple() string {
	by := "NULL"
	if w.by != nil {
		by = strconv.FormatInt(w.by.(int64), 10) // actorUserID's: int64 or nil
	}
	return "(?, ?, ?, ?, ?, ?, ?, " + by + ", " + strconv.FormatInt(w.at, 10) + ")"
}

// finish completes the batch and returns how many activities it created.
func (w *writer) finish(ctx context.Context) (int, error) {
	if w.tx.Dialect == store.Postgres {
		// In member order, the rows land in activities_member (and the
		// foreign key's look-ups in members) one page after another rather
		// than all over them: into 5,000,000 activities a batch of 100,000
		// read a third fewer pages, wrote 40% fewer and took a fifth less
		// time. But the first of two items with one source and external id
		// is the one kept, so a batch that repeats one goes in arrival
		// order. The sort needs more than the default 4 MB of work_mem to
		// stay in memory.
		var repeats bool
		if err := w.tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM activities_incoming WHERE external_id IS NOT NULL
			GROUP BY source, external_id HAVING COUNT(*) > 1)`).Scan(&repeats); err != nil {
			return 0, fmt.Errorf("move staged activities: %w", err)
		}
		order := "member_id, occurred_at"
		if repeats {
			order = "ctid"
		}
		if _, err := w.tx.Exec(ctx, "SET LOCAL work_mem = '64MB'"); err != nil {
			return 0, fmt.Errorf("move staged activities: %w", err)
		}
		res, err := w.tx.Exec(ctx, activityInsert+` SELECT member_id, kind, source, occurred_at, title, url,
			external_id, created_by, created_at FROM activities_incoming ORDER BY `+order+` ON CONFLICT DO NOTHING`)
		if err != nil {
			return 0, fmt.Errorf("move staged activities: %w", err)
		}
		n, err := res.RowsAffected()
		return int(n), err
	}
	var after int64
	if err := w.tx.QueryRow(ctx, "SELECT total_changes()").Scan(&after); err != nil {
		return 0, fmt.Errorf("count changes: %w", err)
	}
	return int(after - w.before), nil
}
