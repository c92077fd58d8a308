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

// TestFewSearchMatchesGatheredFirst: a full-text search matching at most
// commonSearchRows members is answered by gathering its matches from the
// search index, a commoner one by reading the members in the page's order;
// both give the same pages, in every sort, cursor after cursor, on both
// engines.
// It changes commonSearchRows, so it runs alone: not in parallel with other
// tests, and the engines in turn.
func TestFewSearchMatchesGatheredFirst(t *testing.T) {
	storetest.EachInTurn(t, func(t *testing.T, db *store.DB) {
		s := &Service{DB: db, Now: func() time.Time { return time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC) }}
		ctx := audit.WithActor(context.Background(), audit.Actor{Name: "test"})
		for _, m := range []Member{
			{Name: "Maria Silva", JoinedOn: "2025-01-03"},
			{Name: "Maria Andersson", JoinedOn: "2025-01-01"},
			{Name: "Mariam Haddad", JoinedOn: "2025-01-02"},
			{Name: "Ama Owusu", JoinedOn: "2025-01-04"},
			{Name: "Bo Lind", JoinedOn: "2025-01-05"},
		} {
			if _, err := s.Create(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		defer func(n int) { commonSearchRows = n }(commonSearchRows)
		commonSearchRows = 2
		for _, tc := range []struct {
			q    string
			few  bool
			sort string
			want []string
		}{
			{"maria", false, "name", []string{"Maria Andersson", "Maria Silva", "Mariam Haddad"}},
			{"maria", false, "-joined", []string{"Maria Silva", "Mariam Haddad", "Maria Andersson"}},
			{"mariam", true, "name", []string{"Mariam Haddad"}},
			{"ama", true, "name", []string{"Ama Owusu"}},
			{"nobody", true, "name", nil},
		} {
			few, err := s.fewSearchMatches(ctx, Filter{Q: tc.q})
			if err != nil {
				t.Fatal(err)
			}
			if few != tc.few {
				t.Errorf("%q: few matches = %v, want %v", tc.q, few, tc.few)
			}
			for _, gather := range []int{2, 10} { // as counted, and with every search few
				commonSearchRows = gather
				var got []string
				cursor := ""
				for range 10 {
					res, err := s.List(ctx, Filter{Q: tc.q, Sort: tc.sort}, Page{Limit: 1, Cursor: cursor})
					if err != nil {
						t.Fatal(err)
					}
					for _, m := range res.Members {
						got = append(got, m.Name)
					}
					if cursor = res.Next; cursor == "" {
						break
					}
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("%q by %s (gathering up to %d): got %v, want %v", tc.q, tc.sort, gather, got, tc.want)
				}
			}
			commonSearchRows = 2
		}
	})
}

// TestSearchPlansRemembered: a search counted once is not counted again
// on its next page, and the count is of the threshold it was made for.
func TestSearchPlansRemembered(t *testing.T) {
	c := &searchPlanCache{m: map[searchPlanKey]searchPlan{}}
	k := searchPlanKey{q: "maria:*", rows: 2000}
	if _, ok := c.get(k); ok {
		t.Fatal("an empty cache remembered a search")
	}
	c.put(k, true)
	if few, ok := c.get(k); !ok || !few {
		t.Errorf("get = %v, %v; want true, true", few, ok)
	}
	if _, ok := c.get(searchPlanKey{q: "maria:*", rows: 2}); ok {
		t.Error("a count for another threshold was reused")
	}
	c.m[k] = searchPlan{few: true, at: time.Now().Add(-2 * searchPlanTTL)}
	if _, ok := c.get(k); ok {
		t.Error("a stale count was reused")
	}
	for i := range searchPlanMax + 1 {
		c.put(searchPlanKey{q: string(rune('a' + i%26)), rows: i}, false)
	}
	if len(c.m) > searchPlanMax {
		t.Errorf("%d remembered, want at most %d", len(c.m), searchPlanMax)
	}
}

// TestCommonSearchReadInOrder: on SQLite, a search matching more members
// than commonSearchRows reads the members in the page's order (the sort's
// index) rather than looking up every match and sorting them all, which a
// page of a search matching 39,000 members paid afresh at every page; a
// rarer search is looked up through the search index.
func TestCommonSearchReadInOrder(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	for _, tc := range []struct {
		common bool
		sort   string
		want   string
	}{
		{false, "name", "SEARCH m USING INTEGER PRIMARY KEY"},
		{true, "name", "SCAN m USING COVERING INDEX members_sort_name"},
		{true, "-created", "SCAN m USING INDEX members_created"},
	} {
		f := Filter{Q: "le", commonSearch: tc.common}
		sk := parseSort(tc.sort)
		c := filterConds(store.SQLite, f)
		plan := storetest.QueryPlan(t, db, "SELECT m.id FROM members m"+c.SQL()+sk.orderBy()+" LIMIT 51", c.Args()...)
		if !strings.Contains(plan, tc.want) {
			t.Errorf("common %v, by %s: plan does not hold %q:\n%s", tc.common, tc.sort, tc.want, plan)
		}
	}
}
