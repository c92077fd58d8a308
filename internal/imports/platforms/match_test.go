package platforms_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/participation"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// People are matched by email first, then by platform identity (any case,
// a leading @ ignored); a handle nobody has makes a new member, even when
// someone has the same name: a name alone is not certain, so the new
// member goes to the review queue beside the one they may be.
func TestIdentityMatchOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(db)
		for _, m := range []members.Member{
			{Name: "Alpha", Emails: []members.Email{{Address: "alpha@example.org", Primary: true}}},
			{Name: "Beta", Identities: []members.Identity{{Platform: "discourse", Handle: "beta"}}},
			{Name: "Delta Same"},
			{Name: "Epsilon", Identities: []members.Identity{{Platform: "discourse", Handle: "eps"}}},
		} {
			if _, err := a.Members.Create(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		csv := "id,name,username,email\n" +
			"1,Someone,BETA,alpha@example.org\n" + // email wins over the identity
			"2,Delta Same,EPS,\n" + // the identity, in another case, wins over the name
			"3,Gamma,@gamma,\n" + // nobody: new
			"4,Delta Same,delta,\n" // no email, an unknown handle: new, to review beside the other Delta Same
		r := run(t, a, "discourse", "users.csv", []byte(csv))
		if got, want := counts(r), "rows 4 created 2 updated 1 unchanged 1 merged 0 refused 0 review 1 activities 0/0"; got != want {
			t.Errorf("%s, want %s", got, want)
		}
		people, _, _ := state(t, db)
		want := []string{"Alpha discourse:BETA", "Beta discourse:beta", "Delta Same ", "Delta Same discourse:delta", "Epsilon discourse:eps", "Gamma discourse:@gamma"}
		if !slices.Equal(people, want) {
			t.Errorf("members\ngot  %q\nwant %q", people, want)
		}
		// The same file again finds everyone where it left them.
		again := run(t, a, "discourse", "users.csv", []byte(csv))
		if got, want := counts(again), "rows 4 created 0 updated 0 unchanged 4 merged 0 refused 0 review 0 activities 0/0"; got != want {
			t.Errorf("again: %s, want %s", got, want)
		}
	})
}

// An undo takes back only what its run added: an activity someone logged
// since for a member the run created holds the undo back, as any record
// of their own does.
func TestUndoRefusedByLaterActivity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(db)
		r := run(t, a, "github", "gh.json", []byte(`[{"html_url": "https://github.com/o/r/issues/1", "number": 1, "title": "Hi", "user": {"login": "zo"}, "created_at": "2026-01-01T00:00:00Z"}]`))
		var id int64
		if err := db.QueryRow(ctx, "SELECT member_id FROM activities WHERE source = 'github'").Scan(&id); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Participation.LogActivity(ctx, id, participation.Item{Kind: "gave_talk", OccurredAt: "2026-02-01T10:00:00Z"}); err != nil {
			t.Fatal(err)
		}
		_, err := a.Imports.Undo(ctx, r.ID)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.Conflict || !strings.Contains(ae.Message, "activities") {
			t.Fatalf("undo: %v, want a conflict naming the activities", err)
		}
		_, acts, _ := state(t, db)
		if len(acts) != 2 {
			t.Errorf("a refused undo changed the activities: %q", acts)
		}
	})
}
