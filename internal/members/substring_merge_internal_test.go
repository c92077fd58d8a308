package members

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestSubstrMergeReadsTheSamePages: a substring filter read as the merge
// of one index range per matching text (substrMerge) returns the same
// pages, in the same order, with the same cursors, as the paths it
// replaces (the trigram index, and reading members in the page's order),
// for texts in any case and with or without accents, one and two letters,
// texts that match nothing and texts that match everyone, both filters
// together and with other filters, sorted both ways, archived members in
// or out, page after page, on both engines (in turn: it changes the
// package's thresholds).
func TestSubstrMergeReadsTheSamePages(t *testing.T) {
	storetest.EachInTurn(t, func(t *testing.T, db *store.DB) {
		s := &Service{DB: db, Now: func() time.Time { return time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC) }}
		ctx := audit.WithActor(context.Background(), audit.Actor{Name: "test"})
		seedSubstrMembers(ctx, t, s)

		var filters []Filter
		for _, a := range []string{"univ", "UNIV", "zürich", "ZURICH", "u", "ü", "é", "ni", "of", "lab_", "100%",
			`"open"`, "institut", "xyz", "nairobi", "o", "instituto tecnologico", "sanger institute"} {
			filters = append(filters, Filter{Affiliation: a}, Filter{Affiliation: a, Sort: "-name"})
		}
		for _, j := range []string{"engineer", "ENG", "e", "ma", "manager", "professor", "zzz", "recherche", "stud", "ée"} {
			filters = append(filters, Filter{JobTitle: j}, Filter{JobTitle: j, Archived: ArchivedInclude})
		}
		filters = append(filters,
			Filter{Affiliation: "univ", JobTitle: "engineer"},
			Filter{Affiliation: "u", JobTitle: "manager"},
			Filter{Affiliation: "institut", JobTitle: "e", Sort: "-name"},
			Filter{Affiliation: "univ", CareerStage: []CareerStage{StageStudent, StageMidCareer}},
			Filter{Affiliation: "oslo", Archived: ArchivedOnly},
			Filter{Affiliation: "zurich", Archived: ArchivedInclude, Sort: "-name"},
			Filter{JobTitle: "engineer", Sort: "joined"},
			Filter{JobTitle: "engineer", Q: "ada"},
			Filter{Affiliation: "univ", Tags: []string{"rse"}},
		)

		merged := 0
		for _, f := range filters {
			for _, limit := range []int{4, 50} {
				t.Run(fmt.Sprintf("%+v/%d", f, limit), func(t *testing.T) {
					nf, err := f.Normalise()
					if err != nil {
						t.Fatal(err)
					}
					if mg, err := s.planSubstrMerge(ctx, nf, parseSort(nf.Sort)); err != nil {
						t.Fatal(err)
					} else if mg != nil && limit == 4 {
						merged++
					}
					want := withMergeMax(-1, func() []string { return allPages(ctx, t, s, f, limit) })
					if got := allPages(ctx, t, s, f, limit); !slices.Equal(got, want) {
						t.Errorf("merged:\n%v\nwant:\n%v", got, want)
					}
					// At most two texts merged, the others read as before.
					if got := withMergeMax(2, func() []string { return allPages(ctx, t, s, f, limit) }); !slices.Equal(got, want) {
						t.Errorf("merged up to 2 texts:\n%v\nwant:\n%v", got, want)
					}
					// The paths it replaces agree with each other, whichever
					// of them a text's frequency picks.
					if limit != 50 {
						return
					}
					defer func(n int) { commonSubstrRows = n }(commonSubstrRows)
					commonSubstrRows = 0
					if got := withMergeMax(-1, func() []string { return allPages(ctx, t, s, f, limit) }); !slices.Equal(got, want) {
						t.Errorf("read in order:\n%v\nwant:\n%v", got, want)
					}
				})
			}
		}
		// All but the search and the sort by date, and the tag on SQLite.
		want := len(filters) - 2
		if db.Dialect == store.SQLite {
			want--
		}
		if merged != want {
			t.Errorf("%d of %d filters were merged, want %d", merged, len(filters), want)
		}

		// A column with more distinct texts than distinctMaxKeys is read as
		// before, and finds the same.
		defer func(n int) { distinctMaxKeys = n }(distinctMaxKeys)
		distinctMaxKeys = 3
		f := Filter{Affiliation: "univ"}
		if mg, err := s.planSubstrMerge(ctx, f, parseSort("")); err != nil || mg != nil {
			t.Errorf("with 3 distinct texts at most: merge %+v, %v; want none", mg, err)
		}
	})
}

// withMergeMax runs fn with mergeMaxKeys set to n on both engines (-1:
// never merge).
func withMergeMax[T any](n int, fn func() T) T {
	defer func(old map[store.Dialect]int) { mergeMaxKeys = old }(mergeMaxKeys)
	mergeMaxKeys = map[store.Dialect]int{store.SQLite: n, store.Postgres: n}
	return fn()
}

// allPages reads every page of f, limit members a page, and returns each
// page's member ids and its next cursor.
func allPages(ctx context.Context, t *testing.T, s *Service, f Filter, limit int) []string {
	t.Helper()
	var out []string
	cursor := ""
	for range 1000 {
		res, err := s.List(ctx, f, Page{Limit: limit, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, m := range res.Members {
			fmt.Fprintf(&b, "%d ", m.ID)
		}
		out = append(out, b.String()+"| "+res.Next)
		if cursor = res.Next; cursor == "" {
			return out
		}
	}
	t.Fatalf("%+v: more than 1000 pages", f)
	return nil
}

// seedSubstrMembers adds 150 members whose names repeat (so that pages
// break ties by id, across texts), with affiliations and job titles that
// differ by case, accents and punctuation, some archived.
func seedSubstrMembers(ctx context.Context, t *testing.T, s *Service) {
	t.Helper()
	names := []string{"Ada Lovelace", "ada lovelace", "Émile Zola", "Emile Zola", "Baraka Otieno", "Chen Wei",
		"Dara Ní Bhriain", "Zoë Müller", "Zoe Muller", "Ama Mensah", "Bo Nilsson", "Ōta Ken"}
	affiliations := []string{"University of Nairobi", "Universität Zürich", "UNIVERSITY OF ZURICH", "Université de Montréal",
		"Open Lab_Group", `100% "Open" Lab`, "Kenya Medical Research Institute", "Institut Pasteur", "", "ETH Zürich",
		"Oslo Met", "University of Oslo", "Max Planck Institute", "Wellcome Sanger Institute", "Instituto Tecnológico", "CERN"}
	titles := []string{"Research Software Engineer", "Data Steward", "Postdoc", "Senior research engineer", "Community Manager",
		"Programme Manager", "", "PhD Student", "Professor", "Associate Professor", "Lab Technician", "Ingénieure de recherche"}
	stages := []CareerStage{StageStudent, StageEarlyCareer, StageMidCareer, StageSenior, StageUnknown}
	r := rand.New(rand.NewPCG(7, 45))
	for i := range 150 {
		m, err := s.Create(ctx, Member{
			Name:        names[r.IntN(len(names))],
			Affiliation: affiliations[r.IntN(len(affiliations))],
			JobTitle:    titles[r.IntN(len(titles))],
			CareerStage: stages[i%len(stages)],
			Tags:        []string{"rse", "data"}[:i%3],
		})
		if err != nil {
			t.Fatal(err)
		}
		if i%7 == 3 {
			if err := s.Archive(ctx, m.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
}
