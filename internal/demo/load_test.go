package demo_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/demo"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// between reports a count outside [lo, hi] as an error.
func between(t *testing.T, what string, got, lo, hi int) {
	t.Helper()
	if got < lo || got > hi {
		t.Errorf("%s = %d, want %d to %d", what, got, lo, hi)
	}
}

func TestLoad(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			a := newApp(storetest.Open(t, d), fixedNow)
			sum, err := demo.Load(ctx, a, demo.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Community != demo.CommunityName || sum.Members != 300 {
				t.Errorf("summary %+v, want %q with 300 members", sum, demo.CommunityName)
			}
			between(t, "key members", sum.KeyMembers, 30, 40)
			between(t, "interactions", sum.Interactions, 500, 700)
			between(t, "follow-ups", sum.FollowUps, 100, 250)
			if n, err := a.Members.Count(ctx, demo.AllMembers); err != nil || n != sum.Members {
				t.Errorf("Count(AllMembers) = %d, %v; want %d", n, err, sum.Members)
			}
			if got := len(allInteractions(t, a)); got != sum.Interactions {
				t.Errorf("%d interactions stored, summary says %d", got, sum.Interactions)
			}

			t.Run("same seed, same community", func(t *testing.T) {
				again := newApp(storetest.Open(t, d), fixedNow)
				if _, err := demo.Load(ctx, again, demo.Options{Seed: demo.DefaultSeed, Now: fixedNow}); err != nil {
					t.Fatal(err)
				}
				if first, second := dump(t, a), dump(t, again); first != second {
					t.Errorf("two loads with the same seed and day differ:\n%s", firstDifference(first, second))
				}
			})
			t.Run("dashboard", func(t *testing.T) { checkDashboard(t, a) })
			t.Run("members", func(t *testing.T) { checkMembers(t, a) })
			t.Run("duplicates", func(t *testing.T) { checkDuplicates(t, a) })

			users, err := a.Accounts.ListUsers(ctx)
			if err != nil {
				t.Fatal(err)
			}
			roles := map[accounts.Role]int{}
			for _, u := range users {
				roles[u.Role]++
			}
			if len(users) != 4 || roles[accounts.RoleOwner] != 1 || roles[accounts.RoleManager] != 2 || roles[accounts.RoleViewer] != 1 {
				t.Errorf("team %+v, want the demo owner, two managers and a viewer", users)
			}
			var name string
			if err := a.DB.QueryRow(ctx, "SELECT value FROM settings WHERE key = ?", "community_name").Scan(&name); err != nil || name != demo.CommunityName {
				t.Errorf("community_name setting = %q, %v", name, err)
			}

			_, err = demo.Load(ctx, a, demo.Options{})
			if !apperr.Is(err, apperr.Conflict) || !strings.Contains(err.Error(), "already holds 300 members") {
				t.Errorf("second Load: %v, want a Conflict naming the 300 members", err)
			}
			if n, _ := a.Members.Count(ctx, demo.AllMembers); n != 300 {
				t.Errorf("after the refused load there are %d members", n)
			}
		})
	}
}

// checkDashboard: on load day every list on the dashboard has something
// in it, in the amounts the package comment promises.
func checkDashboard(t *testing.T, a *app.App) {
	d, err := a.Relationships.Dashboard(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if d.Today != "2026-03-10" {
		t.Errorf("dashboard today %s", d.Today)
	}
	between(t, "overdue follow-ups", len(d.Overdue), 3, 6)
	between(t, "follow-ups due today", len(d.DueToday), 1, 3)
	between(t, "key members past their cadence", len(d.PastCadence), 6, 10)
	between(t, "key members due this week", len(d.DueThisWeek), 2, 6)
	between(t, "new members this month", d.NewMembersCount, 8, 12)
	if len(d.Recent) != relationships.RecentShown {
		t.Errorf("%d recent interactions, want %d", len(d.Recent), relationships.RecentShown)
	}
	never := 0
	for _, k := range d.PastCadence {
		if k.DaysSince < 0 {
			never++
		}
	}
	between(t, "key members never contacted", never, 1, 3)
	// The warmth of every key member is on the key-members page, not the
	// dashboard.
	keys, err := a.Relationships.KeyMemberStatuses(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if d.KeyMembersCount != len(keys) {
		t.Errorf("dashboard counts %d key members, the key-members list has %d", d.KeyMembersCount, len(keys))
	}
	warmth := map[string]int{}
	for _, k := range keys {
		warmth[k.Warmth.Level]++
	}
	between(t, "warm key members", warmth[relationships.Warm], 12, 30)
	between(t, "cooling key members", warmth[relationships.Cooling], 3, 12)
	between(t, "cold key members", warmth[relationships.Cold], 3, 10)
	snoozed := 0
	for _, f := range d.Overdue {
		if f.SnoozeCount > 0 {
			snoozed++
		}
	}
	if snoozed == 0 {
		t.Error("no overdue follow-up has been snoozed before")
	}
	between(t, "upcoming follow-ups", len(followUps(t, a, "upcoming")), 5, 20)
	between(t, "done follow-ups", len(followUps(t, a, "done")), 80, 250)

	groups := map[string]int{}
	for _, k := range keys {
		for _, g := range k.Groups {
			groups[g.Name]++
		}
	}
	for _, g := range []string{"Leadership", "Funders", "Champions", "Partners", "Advisory board", "Working group leads"} {
		if groups[g] == 0 {
			t.Errorf("no key member in the %s group (%v)", g, groups)
		}
	}
	channels := map[relationships.Channel]bool{}
	for _, it := range allInteractions(t, a) {
		channels[it.Channel] = true
	}
	for _, c := range relationships.Channels() {
		if !channels[c] {
			t.Errorf("no interaction by %s", c)
		}
	}
}

// checkMembers: the records look like a real, varied research community,
// and nothing in them can reach a real mailbox.
func checkMembers(t *testing.T, a *app.App) {
	ms := allMembers(t, a)
	countries, places, stages, statuses := map[string]bool{}, map[string]bool{}, map[members.CareerStage]int{}, map[members.Status]int{}
	orcids, nonLatin, notes, handles, archived := 0, 0, 0, 0, 0
	for _, m := range ms {
		countries[m.Country] = true
		places[m.Affiliation] = true
		stages[m.CareerStage]++
		statuses[m.Status]++
		if m.ORCID != "" {
			orcids++
			if _, err := members.ParseORCID(m.ORCID); err != nil {
				t.Errorf("%s: ORCID %s: %v", m.Name, m.ORCID, err)
			}
		}
		if strings.IndexFunc(m.PreferredName, func(r rune) bool { return unicode.IsLetter(r) && r > 0x24F }) >= 0 {
			nonLatin++
		}
		if m.Notes != "" {
			notes++
		}
		if len(m.Identities) > 0 {
			handles++
		}
		if m.ArchivedAt != nil {
			archived++
		}
		if len(m.Emails) == 0 || len(m.Emails) > 2 {
			t.Errorf("%s has %d email addresses", m.Name, len(m.Emails))
		}
		for _, e := range m.Emails {
			if !strings.HasSuffix(e.Address, ".example") || strings.IndexFunc(e.Address, func(r rune) bool { return r > 0x7f }) >= 0 {
				t.Errorf("%s: address %q is not a plain address under .example", m.Name, e.Address)
			}
		}
	}
	between(t, "countries", len(countries), 20, 30)
	between(t, "institutions", len(places), 45, 65)
	between(t, "members with an ORCID iD", orcids, 100, 200)
	between(t, "preferred names in another script", nonLatin, 3, 30)
	between(t, "members with notes", notes, 20, 80)
	between(t, "members with identities", handles, 80, 250)
	between(t, "archived members", archived, 1, 15)
	for _, s := range members.CareerStages() {
		if stages[s] == 0 {
			t.Errorf("nobody at career stage %s", s)
		}
	}
	if stages[members.StageEarlyCareer] < stages[members.StageMidCareer] || stages[members.StageEarlyCareer] < stages[members.StageStudent] {
		t.Errorf("career stages %v: early career should be the largest group", stages)
	}
	for _, s := range members.Statuses() {
		if statuses[s] == 0 {
			t.Errorf("nobody with status %s", s)
		}
	}
	if statuses[members.StatusActive] < len(ms)/2 {
		t.Errorf("statuses %v: most members should be active", statuses)
	}
}

// checkDuplicates: the merge page finds exactly the two planted pairs by
// email and ORCID iD. Matches by name alone are left out: generated names
// may meet by chance (as namesakes do in a real community).
func checkDuplicates(t *testing.T, a *app.App) {
	var reasons []string
	found := 0
	for _, m := range allMembers(t, a) {
		dups, err := a.Members.FindDuplicates(context.Background(), m)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range dups {
			byName := !slices.ContainsFunc(d.Reasons, func(r string) bool {
				return !strings.HasPrefix(r, "same name") && !strings.HasPrefix(r, "similar name")
			})
			if !byName {
				found++
			}
			reasons = append(reasons, d.Reasons...)
		}
	}
	// Each pair is found from both sides.
	if found != 4 {
		t.Errorf("%d duplicate matches, want the 2 planted pairs seen from both sides; reasons %q", found, reasons)
	}
	for _, want := range []string{"same email", "same ORCID iD"} {
		if !slices.ContainsFunc(reasons, func(r string) bool { return strings.HasPrefix(r, want) }) {
			t.Errorf("no duplicate found by %s; reasons %q", want, reasons)
		}
	}
}

func TestLoadOptions(t *testing.T) {
	t.Parallel()
	a := newApp(storetest.Open(t, store.SQLite), fixedNow)
	for _, n := range []int{-1, demo.MaxMembers + 1} {
		_, err := demo.Load(context.Background(), a, demo.Options{Members: n})
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.Invalid || ae.Fields["members"] == "" {
			t.Errorf("Members %d: %v, want Invalid naming members", n, err)
		}
	}
}

// TestLoadTiny: a community too small for key members or planted
// duplicates still loads, with exactly the members asked for.
func TestLoadTiny(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 9, 10, 25} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			t.Parallel()
			a := newApp(storetest.Open(t, store.SQLite), fixedNow)
			sum, err := demo.Load(context.Background(), a, demo.Options{Members: n})
			if err != nil {
				t.Fatal(err)
			}
			if got, err := a.Members.Count(context.Background(), demo.AllMembers); err != nil || got != n || sum.Members != n {
				t.Errorf("Count = %d, %v; summary %+v; want %d members", got, err, sum, n)
			}
		})
	}
}

// TestLoadLarger checks the generator's shape at a larger size; the shape
// does not depend on the engine (TestLoad runs the standard community on
// each), so SQLite alone carries it.
func TestLoadLarger(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			a := newApp(storetest.Open(t, d), fixedNow)
			sum, err := demo.Load(ctx, a, demo.Options{Members: 2000, Seed: 42})
			if err != nil {
				t.Fatal(err)
			}
			if n, err := a.Members.Count(ctx, demo.AllMembers); err != nil || n != 2000 || sum.Members != 2000 {
				t.Errorf("Count = %d, %v; summary %+v; want 2000 members", n, err, sum)
			}
			between(t, "key members", sum.KeyMembers, 30, 40)
			between(t, "interactions", sum.Interactions, 3600, 4400)
			dash, err := a.Relationships.Dashboard(ctx)
			if err != nil {
				t.Fatal(err)
			}
			between(t, "overdue follow-ups", len(dash.Overdue), 20, 45)
			between(t, "follow-ups due today", len(dash.DueToday), 8, 18)
			between(t, "key members past their cadence", len(dash.PastCadence), 6, 10)
			between(t, "new members this month", dash.NewMembersCount, 55, 80)
		})
	}
}
