package members

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// Every sort must read an index, seeking to the cursor, rather than sort
// the table: that is what keeps page 200 as fast as page 1. SQLite only;
// PostgreSQL's plans depend on table statistics.
func TestListUsesIndexes(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t, store.SQLite)
	for _, s := range Sorts() {
		for _, withCursor := range []bool{false, true} {
			k := parseSort(s)
			c := filterConds(db.Dialect, Filter{})
			if withCursor {
				key := "ada"
				if k.numeric {
					key = "1773480600"
				}
				k.after(c, store.Cursor{List: k.cursorList().Name, Key: key, ID: 5})
			}
			rows, err := db.Query(context.Background(), "EXPLAIN QUERY PLAN SELECT m.id FROM members m"+
				c.SQL()+k.orderBy()+" LIMIT 51", c.Args()...)
			if err != nil {
				t.Fatal(err)
			}
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			rows.Close()
			got := strings.Join(plan, "; ")
			want := "SCAN m USING INDEX members_"
			if withCursor {
				want = "SEARCH m USING INDEX members_"
			}
			// Reading ids alone, SQLite's wide members_sort_name covers
			// the query: as good.
			covering := strings.Replace(want, "USING INDEX", "USING COVERING INDEX", 1)
			if !strings.Contains(got, want) && !strings.Contains(got, covering) || strings.Contains(got, "TEMP B-TREE") {
				t.Errorf("sort %s (cursor %v): plan %q, want %q without a temporary sort", s, withCursor, got, want)
			}
		}
	}
}

// Filters that pick a few members out of many must find them through an
// index rather than by reading every member. SQLite only, as above.
func TestSelectiveFiltersUseIndexes(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t, store.SQLite)
	tests := []struct {
		index  string
		filter Filter
	}{
		{"member_emails_email", Filter{Email: "ada@example.org"}},
		{"members_orcid", Filter{ORCID: "0000-0002-1825-0097"}},
		// The audit's partial index (migration 0015) leads with the time
		// zone and leaves archived members out: as good a search.
		{"members_timezone|members_audit_mix", Filter{TimeZone: []string{"Pacific/Auckland"}}},
		{"member_fields_name", Filter{CustomFields: map[string]string{"lab": "wet"}}},
		{"member_fields_name", Filter{CustomFields: map[string]string{"lab": AnyValue}}},
	}
	for _, tt := range tests {
		t.Run(tt.index, func(t *testing.T) {
			c := filterConds(db.Dialect, tt.filter)
			k := parseSort("")
			rows, err := db.Query(context.Background(), "EXPLAIN QUERY PLAN SELECT m.id FROM members m"+
				c.SQL()+k.orderBy()+" LIMIT 51", c.Args()...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			got := strings.Join(plan, "; ")
			if !slices.ContainsFunc(strings.Split(tt.index, "|"), func(ix string) bool { return strings.Contains(got, "INDEX "+ix+" (") }) {
				t.Errorf("plan %q does not search %s", got, tt.index)
			}
		})
	}
}
