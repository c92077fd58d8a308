package members_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// seedProfiles is seedCommunity with every member's profile filled in:
// names they go by, pronouns, job titles, time zones, preferences, consent
// and custom fields. The community is added at start; two days later, at
// 23:59:30 UTC, four of them are edited; a minute after that (the next day
// in UTC) Mary Anning joins.
func seedProfiles(t *testing.T, svc *members.Service, db *store.DB, clock *clock) map[string]members.Member {
	t.Helper()
	byName := seedCommunity(t, svc, db)
	clock.Advance(2*24*time.Hour + 14*time.Hour + 29*time.Minute + 30*time.Second)
	for name, change := range map[string]func(*members.Member){
		"Grace Hopper": func(m *members.Member) {
			m.PreferredName, m.Pronouns, m.JobTitle, m.TimeZone = "Amazing Grace", "She/Her", "Rear admiral", "America/New_York"
			m.Preferences = members.Preferences{Modality: "spoken", Timing: "synchronous", HoursPerMonth: ptr(20)}
			m.Consent = members.Consent{Basis: "legitimate_interest", Date: "2025-02-01"}
			m.CustomFields = map[string]string{"shirt_size": "m"}
		},
		"Katherine Johnson": func(m *members.Member) {
			m.PreferredName, m.Pronouns, m.JobTitle, m.TimeZone = "Katie", "they/them", "Space scientist", "America/New_York"
			m.Preferences = members.Preferences{Modality: "both", Timing: "both", HoursPerMonth: ptr(0)}
			m.CustomFields = map[string]string{"mentor": "Dorothy Vaughan"}
		},
		"Wangari Maathai": func(m *members.Member) {
			m.Pronouns, m.TimeZone = "Yeye", "Africa/Nairobi"
			m.Preferences = members.Preferences{Modality: "written"}
			m.CustomFields = map[string]string{"village": "Ihithe"}
		},
		"Émilie du Châtelet": func(m *members.Member) {
			m.Pronouns, m.JobTitle, m.TimeZone = "Elle/Ça", "Mathématicienne", "Europe/Paris"
			m.CustomFields = map[string]string{"Résidence": "Château de Cirey"}
		},
	} {
		m := byName[name]
		change(&m)
		updated, err := svc.Update(ctx, m)
		if err != nil {
			t.Fatalf("update %s: %v", name, err)
		}
		byName[name] = updated
	}
	clock.Advance(time.Minute)
	byName["Mary Anning"] = mustCreate(t, svc, named("Mary Anning", func(m *members.Member) {
		m.JobTitle, m.TimeZone = "Fossil hunter", "Europe/London"
		m.Emails = []members.Email{{Address: "mary@lyme.example"}}
		m.CustomFields = map[string]string{"shirt_size": "S"}
	}))
	return byName
}

func TestFiltersOnEveryField(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, clock := newService(db)
		seedProfiles(t, svc, db, clock)
		everyone := []string{"Ada Lovelace", "Émilie du Châtelet", "Grace Hopper", "Katherine Johnson", "Mary Anning", "Wangari Maathai"}
		seeded := []string{"Ada Lovelace", "Émilie du Châtelet", "Grace Hopper", "Katherine Johnson", "Wangari Maathai"}
		fields := func(kv ...string) map[string]string {
			m := map[string]string{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i]] = kv[i+1]
			}
			return m
		}
		tests := []struct {
			name   string
			filter members.Filter
			want   []string
		}{
			{"name substring", members.Filter{Name: "LOVE"}, []string{"Ada Lovelace"}},
			{"name ignores accents", members.Filter{Name: "emilie"}, []string{"Émilie du Châtelet"}},
			{"name ignores case beyond ASCII", members.Filter{Name: "CHÂTELET"}, []string{"Émilie du Châtelet"}},
			{"name matches the preferred name", members.Filter{Name: "amazing"}, []string{"Grace Hopper"}},
			{"name matches a short preferred name", members.Filter{Name: "Katie"}, []string{"Katherine Johnson"}},
			{"name, whole", members.Filter{Name: "ada lovelace"}, []string{"Ada Lovelace"}},
			{"name never spans name and preferred name", members.Filter{Name: "hopper amazing"}, nil},
			{"name everyone", members.Filter{Name: "a"}, everyone},
			{"name wildcards are literal", members.Filter{Name: "%"}, nil},
			{"name underscore is literal", members.Filter{Name: "a_a"}, nil},
			{"job title substring ignoring accents", members.Filter{JobTitle: "MATHÉMAT"}, []string{"Ada Lovelace", "Émilie du Châtelet"}},
			{"job title", members.Filter{JobTitle: "mathematician"}, []string{"Ada Lovelace"}},
			{"job title middle", members.Filter{JobTitle: "scien"}, []string{"Katherine Johnson"}},
			{"pronouns ignore case", members.Filter{Pronouns: "SHE/HER"}, []string{"Ada Lovelace", "Grace Hopper"}},
			{"pronouns ignore case beyond ASCII", members.Filter{Pronouns: "elle/ÇA"}, []string{"Émilie du Châtelet"}},
			{"pronouns are exact", members.Filter{Pronouns: "she"}, nil},
			{"time zone", members.Filter{TimeZone: []string{"America/New_York"}}, []string{"Grace Hopper", "Katherine Johnson"}},
			{"time zones, any", members.Filter{TimeZone: []string{"Europe/London", "Africa/Nairobi"}},
				[]string{"Ada Lovelace", "Mary Anning", "Wangari Maathai"}},
			{"modality", members.Filter{Modality: []string{"written"}}, []string{"Ada Lovelace", "Wangari Maathai"}},
			{"modalities, any", members.Filter{Modality: []string{"written", "both"}},
				[]string{"Ada Lovelace", "Katherine Johnson", "Wangari Maathai"}},
			{"timing", members.Filter{Timing: []string{"synchronous"}}, []string{"Grace Hopper"}},
			{"timings, any", members.Filter{Timing: []string{"asynchronous", "both"}}, []string{"Ada Lovelace", "Katherine Johnson"}},
			{"min hours, inclusive", members.Filter{MinHours: ptr(6)}, []string{"Ada Lovelace", "Grace Hopper"}},
			{"max hours, inclusive", members.Filter{MaxHours: ptr(6)}, []string{"Ada Lovelace", "Katherine Johnson"}},
			{"zero hours is not unknown", members.Filter{MaxHours: ptr(0)}, []string{"Katherine Johnson"}},
			{"any hours recorded", members.Filter{MinHours: ptr(0)}, []string{"Ada Lovelace", "Grace Hopper", "Katherine Johnson"}},
			{"hours between", members.Filter{MinHours: ptr(1), MaxHours: ptr(10)}, []string{"Ada Lovelace"}},
			{"consent basis", members.Filter{ConsentBasis: []string{"consent"}}, []string{"Ada Lovelace", "Katherine Johnson"}},
			{"consent bases, any", members.Filter{ConsentBasis: []string{"legitimate_interest", "contract"}}, []string{"Grace Hopper"}},
			{"consent from", members.Filter{ConsentFrom: "2025-01-01"}, []string{"Grace Hopper"}},
			{"consent until", members.Filter{ConsentTo: "2024-12-31"}, []string{"Ada Lovelace"}},
			{"consent on one day", members.Filter{ConsentFrom: "2024-05-02", ConsentTo: "2024-05-02"}, []string{"Ada Lovelace"}},
			{"email ignores case", members.Filter{Email: "ADA@example.org"}, []string{"Ada Lovelace"}},
			{"email matches any address", members.Filter{Email: "countess@lovelace.example"}, []string{"Ada Lovelace"}},
			{"email", members.Filter{Email: "grace@navy.example"}, []string{"Grace Hopper"}},
			{"email unknown", members.Filter{Email: "nobody@example.org"}, nil},
			{"ORCID as a URL", members.Filter{ORCID: "https://orcid.org/0000-0001-5109-3700"}, []string{"Wangari Maathai"}},
			{"ORCID without dashes", members.Filter{ORCID: "0000000218250097"}, []string{"Ada Lovelace"}},
			{"created until", members.Filter{CreatedTo: "2026-03-16"}, seeded},
			{"created from the next UTC day", members.Filter{CreatedFrom: "2026-03-17"}, []string{"Mary Anning"}},
			{"created on one day", members.Filter{CreatedFrom: "2026-03-14", CreatedTo: "2026-03-14"}, seeded},
			{"created before anyone", members.Filter{CreatedTo: "2026-03-13"}, nil},
			{"updated on the last second of a day", members.Filter{UpdatedFrom: "2026-03-16", UpdatedTo: "2026-03-16"},
				[]string{"Émilie du Châtelet", "Grace Hopper", "Katherine Johnson", "Wangari Maathai"}},
			{"updated until", members.Filter{UpdatedTo: "2026-03-14"}, []string{"Ada Lovelace"}},
			{"updated from", members.Filter{UpdatedFrom: "2026-03-17"}, []string{"Mary Anning"}},
			{"field value ignores case", members.Filter{CustomFields: fields("shirt_size", "M")}, []string{"Ada Lovelace", "Grace Hopper"}},
			{"field value ignores case beyond ASCII", members.Filter{CustomFields: fields("résidence", "CHÂTEAU DE CIREY")},
				[]string{"Émilie du Châtelet"}},
			{"field value is exact", members.Filter{CustomFields: fields("mentor", "Charl")}, nil},
			{"field value is trimmed", members.Filter{CustomFields: fields("mentor", " charles ")}, []string{"Ada Lovelace"}},
			{"has field", members.Filter{CustomFields: fields("shirt_size", members.AnyValue)},
				[]string{"Ada Lovelace", "Grace Hopper", "Mary Anning"}},
			{"fields need all", members.Filter{CustomFields: fields("mentor", "*", "shirt_size", "m")}, []string{"Ada Lovelace"}},
			{"field names ignore case", members.Filter{CustomFields: fields("Mentor", "*")}, []string{"Ada Lovelace", "Katherine Johnson"}},
			{"field names ignore case beyond ASCII", members.Filter{CustomFields: fields("RÉSIDENCE", "*")}, []string{"Émilie du Châtelet"}},
			{"field nobody has", members.Filter{CustomFields: fields("desk", "*")}, nil},
			{"combined: name, time zone, field", members.Filter{Name: "a", TimeZone: []string{"America/New_York"},
				CustomFields: fields("mentor", "*")}, []string{"Katherine Johnson"}},
			{"combined: country and modality", members.Filter{Country: []string{"US"}, Modality: []string{"spoken", "written"}},
				[]string{"Grace Hopper"}},
			{"combined: search and pronouns", members.Filter{Q: "speaker", Pronouns: "she/her"}, []string{"Ada Lovelace", "Grace Hopper"}},
			{"combined: tag and hours", members.Filter{Tags: []string{"speaker"}, MaxHours: ptr(10)},
				[]string{"Ada Lovelace", "Katherine Johnson"}},
			{"combined: archived included, created until", members.Filter{Archived: members.ArchivedInclude, CreatedTo: "2026-03-16"},
				append([]string{"Rosalind Franklin"}, seeded...)},
			{"combined: email and consent basis that disagree", members.Filter{Email: "grace@navy.example", ConsentBasis: []string{"consent"}}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got := listNames(t, svc, tt.filter)
				want := slices.Clone(tt.want)
				slices.SortFunc(want, compareFold)
				if !slices.Equal(got, want) {
					t.Fatalf("got %v, want %v", got, want)
				}
				// The same filter through its query finds the same members.
				f, err := members.ParseFilter(tt.filter.Values())
				if err != nil {
					t.Fatalf("ParseFilter(%s): %v", tt.filter.Values().Encode(), err)
				}
				if again := listNames(t, svc, f); !slices.Equal(again, got) {
					t.Fatalf("through %s: got %v, want %v", f.Values().Encode(), again, got)
				}
			})
		}
	})
}

func TestListRejectsBadNewFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		tests := []struct {
			field  string
			filter members.Filter
		}{
			{"name", members.Filter{Name: strings.Repeat("n", members.MaxName+1)}},
			{"job_title", members.Filter{JobTitle: "two\nlines"}},
			{"pronouns", members.Filter{Pronouns: "she\x00her"}},
			{"time_zone", members.Filter{TimeZone: []string{"Europe/Berlin", "Nowhere/Special"}}},
			{"modality", members.Filter{Modality: []string{"telepathic"}}},
			{"timing", members.Filter{Timing: []string{"monthly"}}},
			{"min_hours", members.Filter{MinHours: ptr(-1)}},
			{"max_hours", members.Filter{MaxHours: ptr(members.MaxHoursMonth + 1)}},
			{"max_hours", members.Filter{MinHours: ptr(5), MaxHours: ptr(4)}},
			{"consent_basis", members.Filter{ConsentBasis: []string{"because"}}},
			{"consent_from", members.Filter{ConsentFrom: "01/02/2024"}},
			{"consent_to", members.Filter{ConsentFrom: "2024-02-01", ConsentTo: "2024-01-31"}},
			{"email", members.Filter{Email: "not an address"}},
			{"orcid", members.Filter{ORCID: "0000-0002-1825-0098"}},
			{"created_from", members.Filter{CreatedFrom: "2026-02-30"}},
			{"created_to", members.Filter{CreatedFrom: "2026-03-02", CreatedTo: "2026-03-01"}},
			{"updated_from", members.Filter{UpdatedFrom: "soon"}},
			{"updated_to", members.Filter{UpdatedTo: "2026-3-1"}},
			{"field", members.Filter{CustomFields: map[string]string{" ": "x"}}},
			{"field.lab", members.Filter{CustomFields: map[string]string{"lab": "A", " lab": "B"}}},
			{"field.lab", members.Filter{CustomFields: map[string]string{"Lab": "A", "lab": "B"}}},
			{"field.lab", members.Filter{CustomFields: map[string]string{"lab": strings.Repeat("v", members.MaxFieldValue+1)}}},
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

// Normalise must not hand back the caller's pointers: a segment's filter
// would otherwise change when the caller reuses its variables.
func TestNormaliseCopiesHours(t *testing.T) {
	minHours := 3
	f, err := members.Filter{MinHours: &minHours}.Normalise()
	if err != nil {
		t.Fatal(err)
	}
	minHours = 7
	if *f.MinHours != 3 {
		t.Fatalf("MinHours = %d after the caller's variable changed, want 3", *f.MinHours)
	}
}
