package relationships

import (
	"context"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestDashboardKeyMembersReadNextDueIndex: both of the dashboard's
// key-member lists read their ranges, and the day of their last shown,
// from the key_members_next_due index, and leave the archived out by a
// probe of each row they keep (members_archived on PostgreSQL, the
// member's row by its id on SQLite); neither reads every key member.
func TestDashboardKeyMembersReadNextDueIndex(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, tc := range []struct {
			name, sql string
		}{
			{"past cadence", dueKeyMembersList0},
			{"due this week", dueKeyMembersList1},
		} {
			args := []any{"2026-12-02", "2026-12-02", "2026-12-08", DashboardShown - 1, "2026-12-08"}
			plan := explainPlan(ctx, t, db, tc.sql, args)
			probe := "SEARCH a USING INTEGER PRIMARY KEY"
			if db.Dialect == store.Postgres {
				probe = "members_archived"
			}
			for _, step := range []string{"key_members_next_due", probe} {
				if strings.Count(plan, step) < 2 {
					t.Errorf("%s: the plan does not read %s for the list and its last day:\n%s", tc.name, step, plan)
				}
			}
			if strings.Contains(plan, "SCAN k") || strings.Contains(plan, "Seq Scan") {
				t.Errorf("%s: the plan reads every key member:\n%s", tc.name, plan)
			}
		}
	})
}

// explainPlan returns the engine's plan for query, one line a step; on
// PostgreSQL with sequential scans off, as an empty test database would
// otherwise rightly choose them.
func explainPlan(ctx context.Context, t *testing.T, db *store.DB, query string, args []any) string {
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
