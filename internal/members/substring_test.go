package members_test

import (
	"slices"
	"testing"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestContainsFilters: affiliation and job title filters match anywhere
// in the text, ignoring case and accents, whether the substring index can
// serve them (3+ characters) or not, and follow edits and deletions.
func TestContainsFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newService(db)
		add := func(name, affiliation, title string) int64 {
			t.Helper()
			m, err := s.Create(ctx, members.Member{Name: name, Affiliation: affiliation, JobTitle: title})
			if err != nil {
				t.Fatal(err)
			}
			return m.ID
		}
		zurich := add("Anna", "Universität Zürich", "Research Software Engineer")
		nairobi := add("Baraka", "University of Nairobi", "Data Steward")
		odd := add("Chen", `100% "Open" Lab_Group`, "Postdoc")
		plain := add("Dara", "Open Lab Group", "Senior research engineer")

		cases := []struct {
			name string
			f    members.Filter
			want []int64
		}{
			{"accents and case", members.Filter{Affiliation: "ZURICH"}, []int64{zurich}},
			{"inside a word", members.Filter{Affiliation: "niversit"}, []int64{zurich, nairobi}},
			{"two characters, no index", members.Filter{Affiliation: "ob"}, []int64{nairobi}},
			{"one character", members.Filter{JobTitle: "w"}, []int64{zurich, nairobi}},
			{"across words", members.Filter{JobTitle: "software eng"}, []int64{zurich}},
			{"percent is literal", members.Filter{Affiliation: "100%"}, []int64{odd}},
			{"underscore is literal", members.Filter{Affiliation: "lab_"}, []int64{odd}},
			{"quotes are literal", members.Filter{Affiliation: `"open"`}, []int64{odd}},
			{"both filters", members.Filter{Affiliation: "lab", JobTitle: "engineer"}, []int64{plain}},
			{"no match", members.Filter{JobTitle: "astronaut"}, nil},
			{"FTS syntax is text", members.Filter{JobTitle: `eng* OR data`}, nil},
		}
		check := func(t *testing.T, f members.Filter, want []int64) {
			t.Helper()
			res, err := s.List(ctx, f, members.Page{Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, m := range res.Members {
				got = append(got, m.ID)
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) { check(t, tc.f, tc.want) })
		}

		// An edit moves the member out of one match and into another.
		m, err := s.Get(ctx, nairobi)
		if err != nil {
			t.Fatal(err)
		}
		m.Affiliation, m.JobTitle = "Kenya Medical Research Institute", "Bioinformatician"
		if _, err := s.Update(ctx, m); err != nil {
			t.Fatal(err)
		}
		check(t, members.Filter{Affiliation: "nairobi"}, nil)
		check(t, members.Filter{Affiliation: "medical"}, []int64{nairobi})
		check(t, members.Filter{JobTitle: "informatic"}, []int64{nairobi})
		if err := s.Delete(ctx, zurich); err != nil {
			t.Fatal(err)
		}
		check(t, members.Filter{Affiliation: "zürich"}, nil)
	})
}
