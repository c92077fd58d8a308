package relationships_test

import (
	"cmp"
	"slices"
	"testing"

	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestDashboardCaps: each of the dashboard's lists holds the first
// DashboardShown entries of the full list, most urgent first, and its count
// counts the full list, which is read here through the list pages the
// dashboard links to.
func TestDashboardCaps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, base, mustLoad(t, "Europe/London"))
		seedCommunity(t, f, 600, 150, 3000, 400)
		today := base.Format("2006-01-02")
		for range relationships.DashboardShown + 5 {
			f.followUp("Due today", today, 0)
		}
		d, err := f.svc.Dashboard(f.ctx)
		if err != nil {
			t.Fatal(err)
		}

		// The follow-ups page lists those about archived members too; the
		// dashboard leaves them out.
		archived := map[int64]bool{}
		rows, err := db.Query(f.ctx, "SELECT id FROM members WHERE archived_at IS NOT NULL")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			archived[id] = true
		}
		rows.Close()
		followUps := func(status string) []relationships.FollowUp {
			list, next, err := f.svc.ListFollowUps(f.ctx, relationships.FollowUpFilter{Status: status, Limit: 500})
			if err != nil || next != "" {
				t.Fatalf("list %s: %v (next %q)", status, err, next)
			}
			return slices.DeleteFunc(list, func(fu relationships.FollowUp) bool { return archived[fu.MemberID] })
		}
		var dueToday []relationships.FollowUp
		for _, fu := range followUps("due") {
			if fu.DueToday {
				dueToday = append(dueToday, fu)
			}
		}
		overdue := followUps("overdue")
		ids := func(list []relationships.FollowUp) []int64 {
			var out []int64
			for _, fu := range list {
				out = append(out, fu.ID)
			}
			return out
		}
		for _, tc := range []struct {
			name        string
			got, full   []relationships.FollowUp
			count       int
			wantAtLeast int
		}{
			{"due today", d.DueToday, dueToday, d.DueTodayCount, relationships.DashboardShown + 5},
			{"overdue", d.Overdue, overdue, d.OverdueCount, relationships.DashboardShown + 1},
		} {
			if len(tc.full) < tc.wantAtLeast {
				t.Fatalf("%s: the scene has only %d, too few to test the cap", tc.name, len(tc.full))
			}
			if tc.count != len(tc.full) {
				t.Errorf("%s: count %d, want %d", tc.name, tc.count, len(tc.full))
			}
			if got, want := ids(tc.got), ids(tc.full[:relationships.DashboardShown]); !slices.Equal(got, want) {
				t.Errorf("%s: shows %v, want the first %d of the list %v", tc.name, got, relationships.DashboardShown, want)
			}
		}

		all, err := f.svc.KeyMemberStatuses(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		weekEnd := base.AddDate(0, 0, 6).Format("2006-01-02")
		var past, week []relationships.KeyMemberStatus
		for _, st := range all { // by name
			switch {
			case st.DaysOverdue > 0:
				past = append(past, st)
			case st.NextDue >= today && st.NextDue <= weekEnd:
				week = append(week, st)
			}
		}
		slices.SortStableFunc(past, func(a, b relationships.KeyMemberStatus) int { return cmp.Compare(b.DaysOverdue, a.DaysOverdue) })
		slices.SortStableFunc(week, func(a, b relationships.KeyMemberStatus) int { return cmp.Compare(a.NextDue, b.NextDue) })
		if d.KeyMembersCount != len(all) {
			t.Errorf("key members count %d, want %d", d.KeyMembersCount, len(all))
		}
		for _, tc := range []struct {
			name      string
			got, full []relationships.KeyMemberStatus
			count     int
		}{
			{"past cadence", d.PastCadence, past, d.PastCadenceCount},
			{"due this week", d.DueThisWeek, week, d.DueThisWeekCount},
		} {
			if tc.count != len(tc.full) {
				t.Errorf("%s: count %d, want %d", tc.name, tc.count, len(tc.full))
			}
			want := tc.full[:min(len(tc.full), relationships.DashboardShown)]
			if !slices.EqualFunc(tc.got, want, func(a, b relationships.KeyMemberStatus) bool {
				return a.MemberID == b.MemberID && a.Warmth == b.Warmth && a.InteractionsLastYear == b.InteractionsLastYear &&
					slices.Equal(a.Groups, b.Groups)
			}) {
				t.Errorf("%s: shows %v\nwant the first %d of the list %v", tc.name, names(tc.got), len(want), names(want))
			}
		}
		if len(past) <= relationships.DashboardShown || len(week) == 0 {
			t.Errorf("the scene has %d key members past cadence and %d due this week: too few to test", len(past), len(week))
		}
	})
}
