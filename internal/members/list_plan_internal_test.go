package members

import (
	"context"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// Every sort must read an index, seeking to the cursor, rather than sort
// the table: that is what keeps page 200 as fast as page 1. SQLite only;
// PostgreSQL's plans depend on table statistics.
func TestListUsesIndexes(t *testing.T) {
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
				k.after(c, cursor{Sort: s, Key: key, ID: 5})
			}
			rows, err := db.Query(context.Background(), "EXPLAIN QUERY PLAN SELECT m.id FROM members m"+
				c.where()+k.orderBy()+" LIMIT 51", c.args...)
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
			if !strings.Contains(got, want) || strings.Contains(got, "TEMP B-TREE") {
				t.Errorf("sort %s (cursor %v): plan %q, want %q without a temporary sort", s, withCursor, got, want)
			}
		}
	}
}
