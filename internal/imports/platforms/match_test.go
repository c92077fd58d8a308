package platforms_test

import (
	"context"
	"slices"
	"testing"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// People are matched by email first, then by platform identity (any case,
// a leading @ ignored), then by name; a handle nobody has makes a new
// member.
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
			"4,Delta Same,delta,\n" // no email, an unknown handle: the name
		r := run(t, a, "discourse", "users.csv", []byte(csv))
		if got, want := counts(r), "rows 4 created 1 updated 2 unchanged 1 merged 0 refused 0 review 0"; got != want {
			t.Errorf("%s, want %s", got, want)
		}
		people, _, _ := state(t, db)
		want := []string{"Alpha discourse:BETA", "Beta discourse:beta", "Delta Same discourse:delta", "Epsilon discourse:eps", "Gamma discourse:@gamma"}
		if !slices.Equal(people, want) {
			t.Errorf("members\ngot  %q\nwant %q", people, want)
		}
		// The same file again finds everyone where it left them.
		again := run(t, a, "discourse", "users.csv", []byte(csv))
		if got, want := counts(again), "rows 4 created 0 updated 0 unchanged 4 merged 0 refused 0 review 0"; got != want {
			t.Errorf("again: %s, want %s", got, want)
		}
	})
}
