package members

import (
	"context"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestContainsUsesIndexes: substring filters of three characters or more
// read the trigram index (SQLite's FTS5 table, PostgreSQL's pg_trgm
// indexes) rather than scanning every member.
func TestContainsUsesIndexes(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	for _, f := range []Filter{{Affiliation: "Nairobi"}, {JobTitle: "engineer"}} {
		c := filterConds(store.SQLite, f)
		plan := storetest.QueryPlan(t, db, "SELECT m.id FROM members m"+c.where(), c.args...)
		if !strings.Contains(plan, "members_substr VIRTUAL TABLE INDEX") {
			t.Errorf("%+v: plan does not read members_substr:\n%s", f, plan)
		}
	}
	if len(storetest.Dialects()) < 2 {
		return
	}
	pg := storetest.Open(t, store.Postgres)
	var n int
	err := pg.QueryRow(context.Background(), `SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema()
		AND indexname IN ('members_affiliation_trgm', 'members_job_title_trgm') AND indexdef LIKE '%gin_trgm_ops%'`).Scan(&n)
	if err != nil || n != 2 {
		t.Errorf("trigram indexes on PostgreSQL: %d, %v; want 2", n, err)
	}
}
