package members

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// BulkMember is one member of a bulk load, with the moments its record
// was created and, when it is archived, archived.
type BulkMember struct {
	Member
	CreatedAt  time.Time
	ArchivedAt time.Time // zero when the member is not archived
}

// WriteBulk stores ms inside tx, a bulk transaction (store.DB.InBulkTx),
// table by table with COPY on PostgreSQL and batched prepared inserts on
// SQLite: the path for the benchmark community and whole-community loads,
// where CreateBatch's statement per row takes minutes. It returns the new
// ids in the order of ms.
//
// Every member is checked as CreateBatch checks it, before anything is
// written; problems come back as one Invalid error naming
// "members[12].orcid". Unlike CreateBatch it writes no audit entry per
// member: the caller records the load as one act. The caller analyses the
// tables afterwards (BulkTables).
func WriteBulk(ctx context.Context, tx *store.Tx, ms []BulkMember) ([]int64, error) {
	var fe apperr.FieldErrors
	clean := make([]Member, len(ms))
	for i := range ms {
		c, problems := normalise(ms[i].Member)
		for field, msg := range problems {
			fe.Add(fmt.Sprintf("members[%d].%s", i, field), "%s", msg)
		}
		clean[i] = c
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	ids, err := tx.ReserveIDs(ctx, "members", len(clean))
	if err != nil {
		return nil, err
	}
	cols := append(append([]string{"id"}, writeColumns...), "created_at", "archived_at")
	_, err = tx.CopyRows(ctx, "members", cols, func(yield func([]any) bool) {
		row := make([]any, 0, len(cols))
		for i := range clean {
			var archived any
			if at := ms[i].ArchivedAt; !at.IsZero() {
				archived = at.Unix()
			}
			// updated_at: the last change, the archiving when there is one.
			last := ms[i].CreatedAt
			if ms[i].ArchivedAt.After(last) {
				last = ms[i].ArchivedAt
			}
			row = append(append(append(row[:0], ids[i]), rowValues(clean[i], last)...), ms[i].CreatedAt.Unix(), archived)
			if !yield(row) {
				return
			}
		}
	})
	if err != nil {
		return nil, err
	}
	for _, t := range childTables {
		if _, err := tx.CopyRows(ctx, t.name, t.cols, childRows(t, ids, clean)); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// childRows yields table t's rows for every member.
func childRows(t childTable, ids []int64, ms []Member) iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		for i := range ms {
			for _, row := range t.rows(ids[i], &ms[i]) {
				if !yield(row) {
					return
				}
			}
		}
	}
}

// BulkTables are the tables WriteBulk fills, for store.DB.Analyze.
func BulkTables() []string {
	out := []string{"members"}
	for _, t := range childTables {
		out = append(out, t.name)
	}
	return out
}
