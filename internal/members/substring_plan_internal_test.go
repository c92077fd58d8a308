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
