package members_test

import (
	"slices"
	"testing"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestFindDuplicates(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		ada := mustCreate(t, svc, fullMember())
		other := mustCreate(t, svc, named("Ada King", func(m *members.Member) {
			m.Emails = []members.Email{{Address: "countess@lovelace.example"}}
			m.Identities = []members.Identity{{Platform: "github", Handle: "adal"}}
		}))
		mustCreate(t, svc, named("Grace Hopper", func(m *members.Member) {
			m.Emails = []members.Email{{Address: "grace@navy.example"}}
			m.Identities = []members.Identity{{Platform: "slack", Handle: "AdaL"}} // other platform
		}))
		tests := []struct {
			name  string
			probe members.Member
			want  map[int64][]string
		}{
			{"email, any case", named("A. Lovelace", func(m *members.Member) {
				m.Emails = []members.Email{{Address: " ADA@example.org "}}
			}), map[int64][]string{ada.ID: {"same email ada@example.org"}}},
			{"ORCID as a URL", named("A. Lovelace", func(m *members.Member) {
				m.ORCID = "https://orcid.org/0000-0002-1825-0097"
			}), map[int64][]string{ada.ID: {"same ORCID iD 0000-0002-1825-0097"}}},
			{"identity with @ and case", named("A. Lovelace", func(m *members.Member) {
				m.Identities = []members.Identity{{Platform: "GitHub", Handle: "@ADAL"}}
			}), map[int64][]string{
				ada.ID:   {"same github identity AdaL"},
				other.ID: {"same github identity adal"},
			}},
			{"itself excluded", ada, map[int64][]string{
				other.ID: {"same email countess@lovelace.example", "same github identity adal"},
			}},
			{"nothing in common", named("Rosalind Franklin", func(m *members.Member) {
				m.ORCID = "not an orcid" // unparseable values are simply not matched
				m.Emails = []members.Email{{Address: "rosalind@kings.example"}}
			}), map[int64][]string{}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := svc.FindDuplicates(ctx, tt.probe)
				if err != nil {
					t.Fatal(err)
				}
				if got == nil || len(got) != len(tt.want) {
					t.Fatalf("found %d duplicates (%+v), want %d", len(got), got, len(tt.want))
				}
				for i, d := range got {
					if !slices.Equal(d.Reasons, tt.want[d.Member.ID]) {
						t.Errorf("member %d: reasons %q, want %q", d.Member.ID, d.Reasons, tt.want[d.Member.ID])
					}
					if i > 0 && len(d.Reasons) > len(got[i-1].Reasons) {
						t.Errorf("duplicates not ordered by number of reasons: %+v", got)
					}
				}
			})
		}
		// The full record comes back, ready to show side by side.
		got, _ := svc.FindDuplicates(ctx, named("x", func(m *members.Member) { m.ORCID = ada.ORCID }))
		sameMember(t, got[0].Member, ada)
	})
}
