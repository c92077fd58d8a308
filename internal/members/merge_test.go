package members_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// mergePair stores two records of one person: the kept one is sparse, the
// dropped one fills its gaps and overlaps it in places.
func mergePair(t *testing.T, svc *members.Service) (keep, drop members.Member) {
	t.Helper()
	keep = mustCreate(t, svc, named("Ada Lovelace", func(m *members.Member) {
		m.Emails = []members.Email{{Address: "ada@example.org"}}
		m.Country, m.JoinedOn, m.Status = "GB", "2024-05-01", members.StatusActive
		m.Tags, m.Interests = []string{"founder"}, []string{"Music"}
		m.Identities = []members.Identity{{Platform: "github", Handle: "AdaL"}}
		m.CustomFields = map[string]string{"team": "core", "shirt_size": "M"}
		m.Notes = "Met at the workshop."
	}))
	drop = mustCreate(t, svc, named("A. A. King", func(m *members.Member) {
		m.PreferredName, m.Pronouns, m.Affiliation = "Ada", "she/her", "Analytical Engine Society"
		m.Emails = []members.Email{{Address: "countess@lovelace.example", Primary: true}, {Address: "ada@example.org"}}
		m.ORCID, m.Country, m.TimeZone, m.CareerStage = "0000-0002-1825-0097", "IT", "Europe/London", members.StageSenior
		m.JoinedOn, m.Source, m.Status = "2023-11-02", "import:csv", members.StatusLapsed
		m.Tags, m.Interests, m.Expertise = []string{"FOUNDER", "speaker"}, []string{"music", "poetry"}, []string{"maths"}
		m.Preferences = members.Preferences{Modality: "written", HoursPerMonth: ptr(4)}
		m.Consent = members.Consent{Contact: true, Basis: "consent", Date: "2023-11-02"}
		m.Identities = []members.Identity{{Platform: "github", Handle: "adal"}, {Platform: "slack", Handle: "ada"}}
		m.CustomFields = map[string]string{"shirt_size": "L", "dietary": "vegetarian"}
		m.Notes = "Imported from the old spreadsheet."
	}))
	return keep, drop
}

func TestMerge(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, clock := newService(db)
		keep, drop := mergePair(t, svc)
		// A key member row on the dropped record, moved by a hook as the
		// relationships capability would.
		if _, err := db.Exec(ctx, "INSERT INTO key_members (member_id, cadence_days, since_at) VALUES (?, 30, 0)", drop.ID); err != nil {
			t.Fatal(err)
		}
		var calls [][2]int64
		svc.MergeHooks = []members.MergeHook{func(ctx context.Context, tx *store.Tx, keepID, dropID int64) error {
			calls = append(calls, [2]int64{keepID, dropID})
			_, err := tx.Exec(ctx, "UPDATE key_members SET member_id = ? WHERE member_id = ?", keepID, dropID)
			return err
		}}
		clock.Advance(time.Hour)
		got, err := svc.Merge(ctx, keep.ID, drop.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := members.Member{
			ID: keep.ID, Name: "Ada Lovelace", PreferredName: "Ada", Pronouns: "she/her",
			Emails:      []members.Email{{Address: "ada@example.org", Primary: true}, {Address: "countess@lovelace.example"}},
			Affiliation: "Analytical Engine Society", ORCID: "0000-0002-1825-0097", Country: "GB",
			TimeZone: "Europe/London", CareerStage: members.StageSenior,
			Expertise: []string{"maths"}, Interests: []string{"Music", "poetry"}, Languages: []string{},
			Tags: []string{"founder", "speaker"}, JoinedOn: "2023-11-02", Source: "import:csv",
			Status:      members.StatusActive,
			Preferences: members.Preferences{Modality: "written", HoursPerMonth: ptr(4)},
			Consent:     members.Consent{Contact: true, Basis: "consent", Date: "2023-11-02"},
			Identities:  []members.Identity{{Platform: "github", Handle: "AdaL"}, {Platform: "slack", Handle: "ada"}},
			Notes: fmt.Sprintf("Met at the workshop.\n\n## Merged from A. A. King (#%d)\n\n"+
				"Imported from the old spreadsheet.", drop.ID),
			CustomFields: map[string]string{"team": "core", "shirt_size": "M", "dietary": "vegetarian"},
			CreatedAt:    start, UpdatedAt: start.Add(time.Hour), Version: 2,
		}
		sameMember(t, got, want)
		if stored, _ := svc.Get(ctx, keep.ID); !slices.Equal(stored.Tags, want.Tags) {
			t.Errorf("stored tags %v, want %v", stored.Tags, want.Tags)
		}
		_, err = svc.Get(ctx, drop.ID)
		wantCode(t, err, apperr.NotFound)
		if len(calls) != 1 || calls[0] != [2]int64{keep.ID, drop.ID} {
			t.Errorf("hook calls = %v, want one with (%d, %d)", calls, keep.ID, drop.ID)
		}
		var keyMember int64
		if err := db.QueryRow(ctx, "SELECT member_id FROM key_members").Scan(&keyMember); err != nil || keyMember != keep.ID {
			t.Errorf("key member row on %d (%v), want moved to %d", keyMember, err, keep.ID)
		}
		if got := auditActions(t, db, keep.ID); !slices.Equal(got, []string{"create", "merge"}) {
			t.Errorf("audit = %v", got)
		}
		// The merged words are searchable.
		if n, _ := svc.Count(ctx, members.Filter{Q: "spreadsheet"}); n != 1 {
			t.Errorf("search for the dropped notes found %d", n)
		}
	})
}

func TestMergeFailureChangesNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		keep, drop := mergePair(t, svc)
		boom := errors.New("participation is down")
		svc.MergeHooks = []members.MergeHook{
			func(ctx context.Context, tx *store.Tx, keepID, dropID int64) error {
				_, err := tx.Exec(ctx, "INSERT INTO key_members (member_id, cadence_days, since_at) VALUES (?, 7, 0)", keepID)
				return err
			},
			func(context.Context, *store.Tx, int64, int64) error { return boom },
		}
		if _, err := svc.Merge(ctx, keep.ID, drop.ID); !errors.Is(err, boom) {
			t.Fatalf("Merge error = %v, want the hook's", err)
		}
		for _, m := range []members.Member{keep, drop} {
			got, err := svc.Get(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			sameMember(t, got, m)
		}
		var n int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM key_members").Scan(&n); err != nil || n != 0 {
			t.Errorf("%d key member rows survived the rollback (%v)", n, err)
		}
		if got := auditActions(t, db, keep.ID); !slices.Equal(got, []string{"create"}) {
			t.Errorf("audit = %v, want only the create", got)
		}

		svc.MergeHooks = nil
		tests := []struct {
			name       string
			keep, drop int64
			code       apperr.Code
		}{
			{"with itself", keep.ID, keep.ID, apperr.Invalid},
			{"missing kept", 404, drop.ID, apperr.NotFound},
			{"missing dropped", keep.ID, 404, apperr.NotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := svc.Merge(ctx, tt.keep, tt.drop)
				wantCode(t, err, tt.code)
			})
		}
	})
}
