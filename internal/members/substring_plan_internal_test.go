package members

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/audit"

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
		plan := storetest.QueryPlan(t, db, "SELECT m.id FROM members m"+c.SQL(), c.Args()...)
		if !strings.Contains(plan, "members_substr VIRTUAL TABLE INDEX") {
			t.Errorf("%+v: plan does not read members_substr:\n%s", f, plan)
		}
	}
	if len(storetest.Dialects()) < 2 {
		return
	}
	pg := storetest.Open(t, store.Postgres)
	// The definitions are checked here, not in SQL: a filter on
	// pg_get_indexdef may run on other schemas' indexes too, and fail on
	// one a parallel test is dropping.
	rows, err := pg.Query(context.Background(), `SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()
		AND indexname IN ('members_affiliation_trgm', 'members_job_title_trgm')`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var def string
		if err := rows.Scan(&def); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(def, "gin_trgm_ops") {
			n++
		}
	}
	if err := rows.Err(); err != nil || n != 2 {
		t.Errorf("trigram indexes on PostgreSQL: %d, %v; want 2", n, err)
	}
}

// TestCommonSubstringsReadInOrder: on SQLite, a substring held by more
// members than commonSubstrRows is matched while reading members in the
// page's order, and a rarer one through the index; both find the same.
func TestCommonSubstringsReadInOrder(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	s := &Service{DB: db, Now: func() time.Time { return time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC) }}
	ctx := audit.WithActor(context.Background(), audit.Actor{Name: "test"})
	for _, m := range []Member{
		{Name: "Ama", Affiliation: "University of Ghana"},
		{Name: "Bo", Affiliation: "University of Oslo"},
		{Name: "Cy", Affiliation: "Oslo Met"},
	} {
		if _, err := s.Create(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	defer func(n int) { commonSubstrRows = n }(commonSubstrRows)
	commonSubstrRows = 1
	for _, tc := range []struct {
		text   string
		common bool
		want   []string
	}{
		{"univers", true, []string{"Ama", "Bo"}},
		{"oslo", true, []string{"Bo", "Cy"}},
		{"ghana", false, []string{"Ama"}},
		{"lima", false, nil},
	} {
		f := Filter{Affiliation: tc.text}
		if err := s.markCommonSubstrings(ctx, &f); err != nil {
			t.Fatal(err)
		}
		if got := f.commonSubstr["affiliation_key"]; got != tc.common {
			t.Errorf("%q: common = %v, want %v", tc.text, got, tc.common)
		}
		res, err := s.List(ctx, Filter{Affiliation: tc.text}, Page{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range res.Members {
			got = append(got, m.Name)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: got %v, want %v", tc.text, got, tc.want)
		}
	}
}

// TestSubstrMergeReadsKeyIndexes: a merged substring page reads each
// text's members from the column's index of migration 0045, in the
// page's order, rather than the trigram index or the whole table; and the
// distinct texts are read from an index led by the column. PostgreSQL is
// told not to scan tables, since on a table this small it would rather.
func TestSubstrMergeReadsKeyIndexes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, tc := range []struct {
			column, index string
			f             Filter
		}{
			{"affiliation_key", "members_affiliation_sort", Filter{Affiliation: "univ"}},
			{"job_title_key", "members_job_title_sort", Filter{JobTitle: "engineer", CareerStage: []CareerStage{StageStudent}}},
			{"affiliation_key", "members_affiliation_sort", Filter{Affiliation: "univ", JobTitle: "eng", Sort: "-name"}},
		} {
			f := tc.f
			f.substrMerge = &substrMerge{column: tc.column, keys: []string{"university of oslo", "university of nairobi"}}
			sk := parseSort(f.Sort)
			c := filterConds(db.Dialect, f)
			sk.after(c, store.Cursor{Key: "m", ID: 7})
			q, args := f.substrMerge.pageQuery(db.Dialect, c, sk, 51)
			plan := explainPlan(ctx, t, db, q, args)
			ranges := 2 // one subquery per text
			if db.Dialect == store.Postgres {
				ranges = 1 // one LATERAL subquery for all
			}
			if strings.Count(plan, tc.index) != ranges || strings.Contains(plan, "members_substr") {
				t.Errorf("%+v: the page does not read %s for each text:\n%s", tc.f, tc.index, plan)
			}
			if db.Dialect == store.SQLite && strings.Contains(plan, "members_sort_name") {
				t.Errorf("%+v: the page reads members_sort_name:\n%s", tc.f, plan)
			}
		}
		for _, column := range []string{"affiliation_key", "job_title_key"} {
			q, args := matchingKeysQuery(db.Dialect, column, "%univ%")
			plan := explainPlan(ctx, t, db, q, args)
			want := "COVERING INDEX"
			if db.Dialect == store.Postgres {
				want = "Index Only Scan"
			}
			if !strings.Contains(plan, want) {
				t.Errorf("%s: the distinct texts are not read from an index:\n%s", column, plan)
			}
		}
	})
}

// explainPlan returns the engine's plan for query, one line a step.
func explainPlan(ctx context.Context, t *testing.T, db *store.DB, query string, args []any) string {
	t.Helper()
	if db.Dialect == store.SQLite {
		return storetest.QueryPlan(t, db, query, args...)
	}
	var lines []string
	err := db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, "EXPLAIN "+query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				return err
			}
			lines = append(lines, line)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}
