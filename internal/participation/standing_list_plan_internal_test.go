package participation

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestListsReadTheirIndexes checks that each list's page and count read
// the list's partial index (migration 0042) on both engines: an index is
// used only while the query's conditions imply the index's own WHERE, so
// a change to listFilter that broke the match would, with no test
// failing, have the dashboard read the whole standing table three times
// a request. PostgreSQL is told not to scan tables, since on a table this
// small it would rather; it still cannot use an index the query does not
// imply.
func TestListsReadTheirIndexes(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := &Service{DB: db, Location: time.UTC, Now: func() time.Time { return time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC) }}
		for _, tc := range []struct {
			list  ListName
			index string
		}{
			{ListNextStep, "member_standing_next_step"},
			{ListQuietNewcomers, "member_standing_quiet_newcomers"},
			{ListGoingQuiet, "member_standing_going_quiet"},
		} {
			if listIndexes[tc.list] != tc.index {
				t.Errorf("%s: listIndexes names %q, want %q", tc.list, listIndexes[tc.list], tc.index)
			}
			from := s.listFrom(tc.list)
			where, key, args := s.listFilter(ListQuery{Name: tc.list})
			for _, q := range []struct {
				name, sql string
				args      []any
			}{
				{"page", listPageSQL(from, where, key), append(append([]any{}, args...), 50)},
				{"count", listCountSQL(from, where), args},
			} {
				plan := explain(ctx, t, db, q.sql, q.args)
				if !strings.Contains(plan, tc.index) {
					t.Errorf("%s %s: the plan does not read %s:\n%s", tc.list, q.name, tc.index, plan)
				}
			}
		}
	})
}

// explain returns the engine's plan for query, one line a step.
func explain(ctx context.Context, t *testing.T, db *store.DB, query string, args []any) string {
	t.Helper()
	var lines []string
	err := db.InTx(ctx, func(tx *store.Tx) error {
		prefix := "EXPLAIN QUERY PLAN "
		if db.Dialect == store.Postgres {
			prefix = "EXPLAIN "
			if _, err := tx.Exec(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
				return err
			}
		}
		rows, err := tx.Query(ctx, prefix+query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		cols, err := rows.Columns()
		if err != nil {
			return err
		}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			var b strings.Builder
			for _, v := range vals {
				switch v := v.(type) {
				case string:
					b.WriteString(v + " ")
				case []byte:
					b.WriteString(string(v) + " ")
				}
			}
			lines = append(lines, b.String())
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}
