package relationships_test

import (
	"slices"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// keyScene is a community with key members in every state the dashboard
// distinguishes. Today is Tuesday 2026-03-10 in Berlin.
type keyScene struct {
	f   *fixture
	ids map[string]int64
}

func newKeyScene(t *testing.T, db *store.DB) *keyScene {
	berlin := mustLoad(t, "Europe/Berlin")
	f := newFixture(t, db, base, berlin)
	s := &keyScene{f: f, ids: map[string]int64{}}
	groups, err := f.svc.ListGroups(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	key := func(name string, cadence int, since time.Time, archived bool, contacts ...string) {
		t.Helper()
		id := f.addMember(memberRow{name: name, affiliation: name + " Institute", archived: archived})
		s.ids[name] = id
		f.now = since
		if _, err := f.svc.SetKeyMember(f.ctx, id, cadence, []int64{groups[1].ID}, ""); err != nil {
			t.Fatal(err)
		}
		f.now = base
		for _, d := range contacts {
			f.log(d, id)
		}
	}
	longAgo := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	key("Never", relationships.Monthly, time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC), false)
	key("Fresh key", relationships.Monthly, time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC), false)
	// 2025-03-10 is exactly 365 days ago and falls outside "the past year".
	key("Warm", relationships.Monthly, longAgo, false,
		"2026-03-01", "2026-01-15", "2025-11-01", "2025-09-01", "2025-06-01", "2025-04-01", "2025-03-10")
	key("Due soon", relationships.Fortnightly, longAgo, false, "2026-02-25")
	key("Due today", relationships.Monthly, longAgo, false, "2026-02-08")
	key("Slipping", relationships.Monthly, longAgo, false, "2026-01-20")
	// 2025-03-11 is 364 days ago and counts.
	key("Cold", relationships.Quarterly, longAgo, false, "2025-03-11", "2025-09-01")
	key("Archived", relationships.Monthly, longAgo, true)
	key("Edge in", 20, longAgo, false, "2026-02-24")  // due 2026-03-16, six days on
	key("Edge out", 21, longAgo, false, "2026-02-24") // due 2026-03-17, a week on
	return s
}

func names(list []relationships.KeyMemberStatus) []string {
	var out []string
	for _, st := range list {
		out = append(out, st.Name)
	}
	return out
}

func TestDashboardKeyMembers(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newKeyScene(t, db)
		d, err := s.f.svc.Dashboard(s.f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if d.Today != "2026-03-10" {
			t.Fatalf("today %s", d.Today)
		}
		tests := []struct {
			name string
			got  []relationships.KeyMemberStatus
			want []string
		}{
			// Cold is 99 days past due, Never 38 (counted from the day they
			// became key), Slipping 19.
			{"past cadence, most overdue first", d.PastCadence, []string{"Cold", "Never", "Slipping"}},
			{"due this week, soonest first", d.DueThisWeek, []string{"Due today", "Due soon", "Edge in"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if got := names(tt.got); !slices.Equal(got, tt.want) {
					t.Errorf("got %v, want %v", got, tt.want)
				}
			})
		}
		if d.PastCadenceCount != 3 || d.DueThisWeekCount != 3 || d.KeyMembersCount != 9 {
			t.Errorf("counts: past cadence %d, due this week %d, key members %d; want 3, 3, 9 (the archived one left out)",
				d.PastCadenceCount, d.DueThisWeekCount, d.KeyMembersCount)
		}
		overdue := map[string]int{}
		for _, st := range d.PastCadence {
			overdue[st.Name] = st.DaysOverdue
		}
		if overdue["Cold"] != 99 || overdue["Never"] != 38 || overdue["Slipping"] != 19 {
			t.Errorf("days overdue %v, want Cold 99, Never 38, Slipping 19", overdue)
		}
	})
}

func TestKeyMemberStatuses(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newKeyScene(t, db)
		plain := s.f.member("Not key")
		list, err := s.f.svc.KeyMemberStatuses(s.f.ctx, s.ids["Warm"], plain, s.ids["Archived"], s.ids["Cold"], s.ids["Warm"])
		if err != nil {
			t.Fatal(err)
		}
		// Asked for by id, an archived key member is still reported; a
		// member who is not key is left out.
		if got := names(list); !slices.Equal(got, []string{"Archived", "Cold", "Warm"}) {
			t.Fatalf("statuses for %v", got)
		}
		want := []relationships.KeyMemberStatus{
			{Name: "Archived", CadenceDays: 30, LastContact: "", DaysSince: -1, NextDue: "2024-07-01", DaysOverdue: 617,
				InteractionsLastYear: 0, Warmth: relationships.Warmth{Level: relationships.Cold}},
			{Name: "Cold", CadenceDays: 91, LastContact: "2025-09-01", DaysSince: 190, NextDue: "2025-12-01", DaysOverdue: 99,
				InteractionsLastYear: 2, Warmth: relationships.Warmth{Level: relationships.Cold}},
			{Name: "Warm", CadenceDays: 30, LastContact: "2026-03-01", DaysSince: 9, NextDue: "2026-03-31", DaysOverdue: 0,
				InteractionsLastYear: 6, Warmth: relationships.Warmth{Level: relationships.Warm}},
		}
		for i, w := range want {
			g := list[i]
			if g.CadenceDays != w.CadenceDays || g.LastContact != w.LastContact || g.DaysSince != w.DaysSince ||
				g.NextDue != w.NextDue || g.DaysOverdue != w.DaysOverdue || g.InteractionsLastYear != w.InteractionsLastYear ||
				g.Warmth.Level != w.Warmth.Level {
				t.Errorf("%s:\n got %+v\nwant %+v", w.Name, g, w)
			}
			if g.Affiliation != w.Name+" Institute" || len(g.Groups) != 1 || g.Groups[0].Name != "Funders" || g.Warmth.Reason == "" {
				t.Errorf("%s: affiliation %q, groups %+v, reason %q", w.Name, g.Affiliation, g.Groups, g.Warmth.Reason)
			}
		}
		all, err := s.f.svc.KeyMemberStatuses(s.f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 9 || slices.Contains(names(all), "Archived") {
			t.Errorf("all statuses %v: want the 9 key members who are not archived", names(all))
		}
	})
}

func TestDashboardFollowUpsRecentAndNewMembers(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		berlin := mustLoad(t, "Europe/Berlin")
		f := newFixture(t, db, base, berlin)
		ada := f.member("Ada")
		gone := f.addMember(memberRow{name: "Gone", archived: true})

		f.followUp("due today", "2026-03-10", ada)
		f.followUp("nine days late", "2026-03-01", ada)
		f.followUp("five days late", "2026-03-05", ada)
		f.followUp("team task", "2026-03-08", 0)
		f.followUp("about someone archived", "2026-03-02", gone)
		f.followUp("tomorrow", "2026-03-11", ada)
		done := f.followUp("done already", "2026-03-03", ada)
		if _, err := f.svc.CompleteFollowUp(f.ctx, done.ID); err != nil {
			t.Fatal(err)
		}

		for day := 1; day <= 12; day++ {
			f.log(time.Date(2026, 2, day, 0, 0, 0, 0, time.UTC).Format("2006-01-02"), ada)
		}

		march := func(day, hour int) time.Time { return time.Date(2026, 3, day, hour, 0, 0, 0, time.UTC) }
		newcomers := []struct {
			row memberRow
			in  bool
		}{
			{memberRow{name: "Joined March 2", joinedOn: "2026-03-02", affiliation: "CERN"}, true},
			{memberRow{name: "Joined February", joinedOn: "2026-02-28"}, false},
			{memberRow{name: "Added March 3", createdAt: march(3, 10)}, true},
			// 23:30 UTC on 28 February is already 1 March in Berlin.
			{memberRow{name: "Added at midnight", createdAt: time.Date(2026, 2, 28, 23, 30, 0, 0, time.UTC)}, true},
			{memberRow{name: "Added February", createdAt: time.Date(2026, 2, 28, 22, 30, 0, 0, time.UTC)}, false},
			{memberRow{name: "Archived newcomer", joinedOn: "2026-03-05", archived: true}, false},
			{memberRow{name: "Blank join date", joinedOn: "", createdAt: march(4, 9)}, true},
			{memberRow{name: "Joined next month", joinedOn: "2026-04-01"}, false},
			// Joined in March, added long before: joined_on wins.
			{memberRow{name: "Joined March 9", joinedOn: "2026-03-09", createdAt: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}, true},
		}
		for _, n := range newcomers {
			f.addMember(n.row)
		}
		// An empty joined_on, as an import might leave it, counts as unknown.
		if _, err := db.Exec(f.ctx, "UPDATE members SET joined_on = '' WHERE name = 'Blank join date'"); err != nil {
			t.Fatal(err)
		}

		d, err := f.svc.Dashboard(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		whats := func(list []relationships.FollowUp) []string {
			var out []string
			for _, fu := range list {
				out = append(out, fu.What)
			}
			return out
		}
		if got := whats(d.DueToday); !slices.Equal(got, []string{"due today"}) {
			t.Errorf("due today %v", got)
		}
		if got := whats(d.Overdue); !slices.Equal(got, []string{"nine days late", "five days late", "team task"}) {
			t.Errorf("overdue %v, want most overdue first, nothing about archived members", got)
		}

		if len(d.Recent) != relationships.RecentShown || d.Recent[0].OccurredOn != "2026-02-12" || d.Recent[9].OccurredOn != "2026-02-03" {
			t.Errorf("recent: %d, from %s to %s", len(d.Recent), d.Recent[0].OccurredOn, d.Recent[len(d.Recent)-1].OccurredOn)
		}
		if len(d.Recent[0].Members) != 1 || d.Recent[0].Members[0].Name != "Ada" {
			t.Errorf("recent interaction without its member: %+v", d.Recent[0])
		}

		var got []string
		for _, nm := range d.NewMembers {
			got = append(got, nm.Name+" "+nm.JoinedOn)
		}
		want := []string{"Joined March 9 2026-03-09", "Blank join date 2026-03-04", "Added March 3 2026-03-03",
			"Joined March 2 2026-03-02", "Added at midnight 2026-03-01"}
		if !slices.Equal(got, want) || d.NewMembersCount != 5 {
			t.Errorf("new members (%d) %v\nwant (5) %v", d.NewMembersCount, got, want)
		}
		if d.NewMembers[3].Affiliation != "CERN" {
			t.Errorf("affiliation %q", d.NewMembers[3].Affiliation)
		}
		if d.OverdueCount != 3 || d.DueTodayCount != 1 {
			t.Errorf("counts: overdue %d, due today %d; want 3, 1", d.OverdueCount, d.DueTodayCount)
		}
		if d.PastCadence == nil || d.DueThisWeek == nil || d.KeyMembersCount != 0 {
			t.Errorf("with no key members: past %v, week %v, key %d", d.PastCadence, d.DueThisWeek, d.KeyMembersCount)
		}
	})
}
