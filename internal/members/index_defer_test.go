package members_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// indexParts lists what keeps members' indexes in step: on SQLite the
// non-unique indexes of members and the triggers that fill its FTS tables,
// on PostgreSQL its non-unique indexes, GIN ones among them; each as its
// definition.
func indexParts(t *testing.T, q store.Querier, d store.Dialect) []string {
	t.Helper()
	query := `SELECT sql FROM sqlite_master WHERE tbl_name = 'members' AND sql IS NOT NULL
		AND (type = 'trigger' OR (type = 'index' AND sql NOT LIKE 'CREATE UNIQUE %')) ORDER BY name`
	if d == store.Postgres {
		query = `SELECT pg_get_indexdef(x.indexrelid) FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
			WHERE x.indrelid = to_regclass('members') AND NOT x.indisunique ORDER BY c.relname`
	}
	rows, err := q.Query(ctx, query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var defs []string
	for rows.Next() {
		var def string
		if err := rows.Scan(&def); err != nil {
			t.Fatal(err)
		}
		defs = append(defs, def)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return defs
}

// TestDeferIndexes loads, changes and deletes members with the search
// indexes deferred, and checks that search then finds exactly what it
// would have found had they been kept in step row by row.
func TestDeferIndexes(t *testing.T) {
	t.Parallel()
	errRollback := errors.New("roll back")
	cases := []struct {
		name     string
		already  int  // members in the community before the load
		deferred bool // whether DeferIndexes should take the indexes out
		fail     bool // the load's transaction rolls back
	}{
		{"empty community: deferred", 0, true, false},
		{"4,999 members: deferred", 4999, true, false},
		{"5,000 members: kept row by row", 5000, false, false},
		{"refused load: everything as it was", 10, true, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				svc, _ := newService(db)
				bulk := func(prefix string, n int) []members.BulkMember {
					ms := make([]members.BulkMember, n)
					for i := range ms {
						ms[i] = members.BulkMember{Member: named(fmt.Sprintf("%s %d", prefix, i), func(m *members.Member) {
							m.Affiliation = "Quokkafield Institute"
							m.JobTitle = "Archivist"
						}), CreatedAt: start}
					}
					return ms
				}
				if tc.already > 0 {
					if err := db.InBulkTx(ctx, func(tx *store.Tx) error {
						_, err := members.WriteBulk(ctx, tx, bulk("Zebedee", tc.already))
						return err
					}); err != nil {
						t.Fatal(err)
					}
				}
				if err := db.Analyze(ctx, "members"); err != nil {
					t.Fatal(err)
				}
				stats := func() []string {
					if db.Dialect != store.SQLite {
						return nil
					}
					rows, err := db.Query(ctx, "SELECT idx || ' ' || stat FROM sqlite_stat1 WHERE tbl = 'members' ORDER BY idx")
					if err != nil {
						t.Fatal(err)
					}
					defer rows.Close()
					var out []string
					for rows.Next() {
						var s string
						if err := rows.Scan(&s); err != nil {
							t.Fatal(err)
						}
						out = append(out, s)
					}
					return out
				}
				statsBefore := stats()
				parts := indexParts(t, db, db.Dialect)
				if len(parts) < 10 {
					t.Fatalf("%d indexes and triggers on members to begin with: %q", len(parts), parts)
				}
				err := db.InBulkTx(ctx, func(tx *store.Tx) error {
					restore, err := members.DeferIndexes(ctx, tx)
					if err != nil {
						return err
					}
					// Deferred, only the two an import looks members up by stay.
					if got := indexParts(t, tx, db.Dialect); (len(got) == 2) != tc.deferred || (!tc.deferred && !slices.Equal(got, parts)) {
						t.Errorf("inside the load: %q, deferred want %v", got, tc.deferred)
					}
					ids, err := members.WriteBulk(ctx, tx, []members.BulkMember{
						{Member: named("Wilhelmina Okonkwo-Bright", func(m *members.Member) { m.Affiliation = "Marmoset Laboratory" }), CreatedAt: start},
						{Member: named("Theodora Quill", func(m *members.Member) { m.JobTitle = "Lexicographer" }), CreatedAt: start},
						{Member: named("Gone Tomorrow", nil), CreatedAt: start},
					})
					if err != nil {
						return err
					}
					// A change of a member written in the same load, and of
					// one already there (search text and substring keys both).
					changed := []int64{ids[1]}
					if tc.already > 0 {
						var first int64
						if err := tx.QueryRow(ctx, "SELECT MIN(id) FROM members").Scan(&first); err != nil {
							return err
						}
						changed = append(changed, first)
					}
					old, err := members.LoadTx(ctx, tx, changed)
					if err != nil {
						return err
					}
					for _, o := range old {
						m := o
						m.Name = "Renamed " + o.Name
						m.JobTitle = "Cartographer"
						m, fe := members.Normalise(m)
						if len(fe) > 0 {
							return fe.Err()
						}
						if _, err := members.RewriteTx(ctx, tx, o, m, start); err != nil {
							return err
						}
					}
					if _, err := tx.Exec(ctx, "DELETE FROM members WHERE id = ?", ids[2]); err != nil {
						return err
					}
					if err := restore(); err != nil {
						return err
					}
					if tc.fail {
						return errRollback
					}
					return nil
				})
				if tc.fail != errors.Is(err, errRollback) {
					t.Fatalf("load: %v", err)
				}
				if got := indexParts(t, db, db.Dialect); !slices.Equal(got, parts) {
					t.Errorf("after the load:\n%q\nwant\n%q", got, parts)
				}
				// The planner's statistics of the rebuilt indexes survive.
				if got := stats(); !slices.Equal(got, statsBefore) {
					t.Errorf("statistics after the load:\n%q\nwant\n%q", got, statsBefore)
				}
				if db.Dialect == store.SQLite {
					for _, tbl := range []string{"members_fts", "members_substr"} {
						if _, err := db.Exec(ctx, "INSERT INTO "+tbl+" ("+tbl+", rank) VALUES ('integrity-check', 1)"); err != nil {
							t.Errorf("%s does not match members: %v", tbl, err)
						}
					}
				}
				found := func(f members.Filter) int {
					t.Helper()
					res, err := svc.List(ctx, f, members.Page{Limit: 100})
					if err != nil {
						t.Fatal(err)
					}
					return len(res.Members)
				}
				loaded := 1
				if tc.fail {
					loaded = 0
				}
				renamed := 0
				if !tc.fail && tc.already > 0 {
					renamed = 1
				}
				for _, c := range []struct {
					f    members.Filter
					want int
				}{
					{members.Filter{Q: "Okonkwo"}, loaded},
					{members.Filter{Affiliation: "armoset lab"}, loaded},
					{members.Filter{Q: "Theodora"}, loaded},
					{members.Filter{Q: "Renamed Theodora"}, loaded},
					{members.Filter{JobTitle: "exicograph"}, 0}, // changed away in the load
					{members.Filter{JobTitle: "artograph"}, loaded + renamed},
					{members.Filter{Q: "Gone Tomorrow"}, 0},
					{members.Filter{Q: "Renamed Zebedee"}, renamed},
				} {
					if got := found(c.f); got != c.want {
						t.Errorf("search %+v found %d, want %d", c.f, got, c.want)
					}
				}
			})
		})
	}
}
