package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/store"
)

// QueryPlan returns SQLite's EXPLAIN QUERY PLAN for query, one step a
// line ("SEARCH m USING INDEX members_joined (<expr>>? AND <expr><?)"),
// for tests that prove a hot query reads an index rather than the table.
func QueryPlan(tb testing.TB, db *store.DB, query string, args ...any) string {
	tb.Helper()
	if db.Dialect != store.SQLite {
		tb.Fatalf("QueryPlan reads SQLite plans, not %s", db.Dialect)
	}
	rows, err := db.Query(context.Background(), "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		tb.Fatalf("explain %s: %v", query, err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			tb.Fatal(err)
		}
		b.WriteString(detail + "\n")
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return b.String()
}
