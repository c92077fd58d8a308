package members_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// seedCommunity stores a small, varied community and returns it by name.
func seedCommunity(t *testing.T, svc *members.Service, db *store.DB) map[string]members.Member {
	t.Helper()
	out := map[string]members.Member{}
	for _, m := range []members.Member{
		fullMember(), // Ada Lovelace
		named("Grace Hopper", func(m *members.Member) {
			m.Emails = []members.Email{{Address: "grace@navy.example"}}
			m.Affiliation, m.Country, m.CareerStage = "US Navy", "US", members.StageSenior
			m.Expertise, m.Tags, m.Languages = []string{"COBOL", "compilers"}, []string{"speaker"}, []string{"English"}
			m.JoinedOn, m.Source = "2025-01-15", "referral"
			m.Identities = []members.Identity{{Platform: "github", Handle: "grace"}}
			m.Notes = "Found an actual moth in the relay."
		}),
		named("Katherine Johnson", func(m *members.Member) {
			m.Affiliation, m.Country, m.CareerStage = "NASA Langley", "US", members.StageMidCareer
			m.Interests, m.Tags = []string{"orbital mechanics"}, []string{"Speaker", "mentor"}
			m.JoinedOn, m.Status = "2025-03-01", members.StatusLapsed
			m.Consent = members.Consent{Contact: true, Basis: "consent"}
		}),
		named("Wangari Maathai", func(m *members.Member) {
			m.Affiliation, m.Country, m.CareerStage = "University of Nairobi", "KE", members.StageEarlyCareer
			m.Interests, m.Languages = []string{"Forestry"}, []string{"English", "Kikuyu", "Swahili"}
			m.ORCID = "0000-0001-5109-3700"
			m.JoinedOn, m.Source, m.Status = "2025-03-20", "workshop", members.StatusProspective
		}),
		named("Émilie du Châtelet", func(m *members.Member) {
			m.Affiliation, m.Country, m.CareerStage = "Académie des sciences", "FR", members.StageStudent
			m.Languages, m.Notes = []string{"French", "Latin"}, "Translated the Principia."
			m.Identities = []members.Identity{{Platform: "mastodon", Handle: "emilie@physique.social"}}
		}),
		named("Rosalind Franklin", func(m *members.Member) {
			m.Affiliation, m.Country = "King's College London", "GB"
			m.Expertise = []string{"X-ray crystallography"}
			m.JoinedOn = "2024-11-30"
		}),
	} {
		out[m.Name] = mustCreate(t, svc, m)
	}
	if err := svc.Archive(ctx, out["Rosalind Franklin"].ID); err != nil {
		t.Fatal(err)
	}
	// Katherine is a key member of the relationship dashboard.
	if _, err := db.Exec(ctx, "INSERT INTO key_members (member_id, cadence_days, since_at) VALUES (?, 30, 0)",
		out["Katherine Johnson"].ID); err != nil {
		t.Fatal(err)
	}
	return out
}

// listNames lists every member matching f by name, failing on error.
func listNames(t *testing.T, svc *members.Service, f members.Filter) []string {
	t.Helper()
	res, err := svc.List(ctx, f, members.Page{Limit: members.MaxLimit})
	if err != nil {
		t.Fatalf("List(%+v): %v", f, err)
	}
	n, err := svc.Count(ctx, f)
	if err != nil || n != len(res.Members) {
		t.Fatalf("Count(%+v) = %d, %v; List found %d", f, n, err, len(res.Members))
	}
	return names(res.Members)
}

func TestFullTextSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		seedCommunity(t, svc, db)
		tests := []struct {
			q    string
			want []string
		}{
			{"lov", []string{"Ada Lovelace"}},                // name prefix
			{"GRACE", []string{"Grace Hopper"}},              // any case
			{"katherine joh", []string{"Katherine Johnson"}}, // every word, last as prefix
			{"countess", []string{"Ada Lovelace"}},           // second email
			{"nairobi", []string{"Wangari Maathai"}},         // affiliation word
			{"analytical", []string{"Ada Lovelace"}},         // affiliation word
			{"cobol", []string{"Grace Hopper"}},              // expertise
			{"mentor", []string{"Katherine Johnson"}},        // plain tag
			{"speaker", []string{"Ada Lovelace", "Grace Hopper", "Katherine Johnson"}},
			{"kikuyu", []string{"Wangari Maathai"}},              // language
			{"moth", []string{"Grace Hopper"}},                   // notes word
			{"principia", []string{"Émilie du Châtelet"}},        // notes word
			{"punch cards", []string{"Ada Lovelace"}},            // notes words
			{"0000-0001-5109-3700", []string{"Wangari Maathai"}}, // ORCID
			{"physique", []string{"Émilie du Châtelet"}},         // identity handle
			{"mathematician", []string{"Ada Lovelace"}},          // job title
			{"crystallography", nil},                             // archived: hidden
			{"grace cobol", []string{"Grace Hopper"}},
			{"grace nairobi", nil},
			{"zebra", nil},
			{`"*:()`, []string{"Ada Lovelace", "Émilie du Châtelet", "Grace Hopper", "Katherine Johnson", "Wangari Maathai"}},
		}
		for _, tt := range tests {
			t.Run(tt.q, func(t *testing.T) {
				got := listNames(t, svc, members.Filter{Q: tt.q})
				slices.Sort(got)
				slices.Sort(tt.want)
				if !slices.Equal(got, tt.want) {
					t.Fatalf("search %q found %v, want %v", tt.q, got, tt.want)
				}
			})
		}
	})
}

func TestFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		byName := seedCommunity(t, svc, db)
		yes, no := ptr(true), ptr(false)
		tests := []struct {
			name   string
			filter members.Filter
			want   []string // in name order
		}{
			{"everyone not archived", members.Filter{},
				[]string{"Ada Lovelace", "Émilie du Châtelet", "Grace Hopper", "Katherine Johnson", "Wangari Maathai"}},
			{"status", members.Filter{Status: []members.Status{members.StatusLapsed, members.StatusProspective}},
				[]string{"Katherine Johnson", "Wangari Maathai"}},
			{"career stage", members.Filter{CareerStage: []members.CareerStage{members.StageSenior}},
				[]string{"Ada Lovelace", "Grace Hopper"}},
			{"country", members.Filter{Country: []string{"us", "KE"}},
				[]string{"Grace Hopper", "Katherine Johnson", "Wangari Maathai"}},
			{"tags need all", members.Filter{Tags: []string{"speaker", "MENTOR"}}, []string{"Katherine Johnson"}},
			{"interests", members.Filter{Interests: []string{"forestry"}}, []string{"Wangari Maathai"}},
			{"expertise", members.Filter{Expertise: []string{"cobol"}}, []string{"Grace Hopper"}},
			{"languages need all", members.Filter{Languages: []string{"English", "French"}}, []string{"Ada Lovelace"}},
			{"affiliation substring", members.Filter{Affiliation: "univ"}, []string{"Wangari Maathai"}},
			{"affiliation ignores case beyond ASCII", members.Filter{Affiliation: "ACADÉMIE"}, []string{"Émilie du Châtelet"}},
			{"affiliation ignores accents", members.Filter{Affiliation: "academie"}, []string{"Émilie du Châtelet"}},
			{"affiliation wildcards are literal", members.Filter{Affiliation: "%"}, nil},
			{"source", members.Filter{Source: "workshop"}, []string{"Ada Lovelace", "Wangari Maathai"}},
			{"joined from", members.Filter{JoinedFrom: "2025-03-01"}, []string{"Katherine Johnson", "Wangari Maathai"}},
			{"joined between", members.Filter{JoinedFrom: "2024-01-01", JoinedTo: "2025-01-15"},
				[]string{"Ada Lovelace", "Grace Hopper"}},
			{"has email", members.Filter{HasEmail: yes}, []string{"Ada Lovelace", "Grace Hopper"}},
			{"has no email", members.Filter{HasEmail: no},
				[]string{"Émilie du Châtelet", "Katherine Johnson", "Wangari Maathai"}},
			{"has ORCID", members.Filter{HasORCID: yes}, []string{"Ada Lovelace", "Wangari Maathai"}},
			{"has no ORCID", members.Filter{HasORCID: no},
				[]string{"Émilie du Châtelet", "Grace Hopper", "Katherine Johnson"}},
			{"consents to contact", members.Filter{ConsentContact: yes}, []string{"Ada Lovelace", "Katherine Johnson"}},
			{"platform", members.Filter{Platform: "GitHub"}, []string{"Ada Lovelace", "Grace Hopper"}},
			{"archived only", members.Filter{Archived: members.ArchivedOnly}, []string{"Rosalind Franklin"}},
			{"archived included", members.Filter{Archived: members.ArchivedInclude, Country: []string{"GB"}},
				[]string{"Ada Lovelace", "Rosalind Franklin"}},
			{"ids", members.Filter{IDs: []int64{byName["Grace Hopper"].ID, byName["Rosalind Franklin"].ID, 999}},
				[]string{"Grace Hopper"}},
			{"key members", members.Filter{KeyOnly: true}, []string{"Katherine Johnson"}},
			{"combined", members.Filter{Q: "speaker", Country: []string{"US"}, HasEmail: yes}, []string{"Grace Hopper"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got := listNames(t, svc, tt.filter)
				want := slices.Clone(tt.want)
				slices.SortFunc(want, func(a, b string) int { return compareFold(a, b) })
				if !slices.Equal(got, want) {
					t.Fatalf("got %v, want %v", got, want)
				}
			})
		}
	})
}

func TestListRejectsBadFilter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		tests := []struct {
			field  string
			filter members.Filter
		}{
			{"status", members.Filter{Status: []members.Status{"paused"}}},
			{"career_stage", members.Filter{CareerStage: []members.CareerStage{"postdoc"}}},
			{"country", members.Filter{Country: []string{"ZZ"}}},
			{"joined_from", members.Filter{JoinedFrom: "2025-13-01"}},
			{"joined_to", members.Filter{JoinedFrom: "2025-02-01", JoinedTo: "2025-01-01"}},
			{"archived", members.Filter{Archived: "maybe"}},
			{"sort", members.Filter{Sort: "age"}},
			{"platform", members.Filter{Platform: "git hub"}},
			{"id", members.Filter{IDs: []int64{-1}}},
			{"tag", members.Filter{Tags: []string{"a,b"}}},
		}
		for _, tt := range tests {
			t.Run(tt.field, func(t *testing.T) {
				_, err := svc.List(ctx, tt.filter, members.Page{})
				if fields := fieldsOf(t, err); fields[tt.field] == "" {
					t.Fatalf("fields = %v, want %q", fields, tt.field)
				}
				_, err = svc.Count(ctx, tt.filter)
				fieldsOf(t, err)
			})
		}
	})
}

// TestShortPrefixSearch: a search of one to three letters reads the
// search index's list for that prefix (SQLite's FTS5 prefix index,
// migration 0043) and finds exactly the members with a word beginning
// so, as a longer one does, while members are added, renamed and
// deleted, on both engines.
func TestShortPrefixSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		leon := mustCreate(t, svc, named("Leon Okafor", nil))
		mustCreate(t, svc, named("Lê Văn An", nil))
		mustCreate(t, svc, named("Lea Müller", func(m *members.Member) { m.Affiliation = "Leeds" }))
		ana := mustCreate(t, svc, named("Ana Lim", nil))
		check := func(step string, tests []struct {
			q    string
			want []string
		}) {
			t.Helper()
			for _, tt := range tests {
				got := listNames(t, svc, members.Filter{Q: tt.q})
				slices.Sort(got)
				slices.Sort(tt.want)
				if !slices.Equal(got, tt.want) {
					t.Errorf("%s: search %q found %v, want %v", step, tt.q, got, tt.want)
				}
			}
		}
		type tc = struct {
			q    string
			want []string
		}
		check("created", []tc{
			{"l", []string{"Ana Lim", "Lea Müller", "Leon Okafor", "Lê Văn An"}},
			{"le", []string{"Lea Müller", "Leon Okafor", "Lê Văn An"}},
			{"Lê", []string{"Lea Müller", "Leon Okafor", "Lê Văn An"}}, // accents folded
			{"lee", []string{"Lea Müller"}},                            // affiliation word
			{"leo", []string{"Leon Okafor"}},
			{"leon", []string{"Leon Okafor"}},
			{"a", []string{"Ana Lim", "Lê Văn An"}},
			{"ana li", []string{"Ana Lim"}}, // every word, the last as a prefix
			{"kw", nil},
		})
		leon.Name = "Kwame Okafor"
		if _, err := svc.Update(ctx, leon); err != nil {
			t.Fatal(err)
		}
		if err := svc.Delete(ctx, ana.ID); err != nil {
			t.Fatal(err)
		}
		mustCreate(t, svc, named("Lena Ivanova", nil))
		check("renamed, deleted and added", []tc{
			{"l", []string{"Lea Müller", "Lena Ivanova", "Lê Văn An"}},
			{"le", []string{"Lea Müller", "Lena Ivanova", "Lê Văn An"}},
			{"leo", nil},
			{"kw", []string{"Kwame Okafor"}},
			{"a", []string{"Lê Văn An"}},
			{"ana li", nil},
		})
	})
}

// TestSearchIndexHasShortPrefixes: SQLite's members_fts keeps prefix
// lists for one, two and three letters, which short searches rely on for
// their speed (FTS5's plans do not show it).
func TestSearchIndexHasShortPrefixes(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	var def string
	if err := db.QueryRow(ctx, "SELECT sql FROM sqlite_master WHERE name = 'members_fts'").Scan(&def); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(def, "prefix = '1 2 3'") {
		t.Errorf("members_fts has no prefix index for 1 to 3 letters:\n%s", def)
	}
}
