package demo_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/demo"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/programming"
)

// TestDemoServesGoals: the demo's programming and content serve its
// goals, each link with a note on how, so the goals' pages are alive;
// and the gaps planted for the content and programming audit are there:
// nothing serves the data-stewardship curriculum, no programme offers
// co-create, every community call starts at 16:00 in Berlin (night in
// East Asia and Oceania, where members live), and the items named as
// unlinked serve no goal.
func TestDemoServesGoals(t *testing.T) {
	t.Parallel()
	a := loadedCopy(t, demo.Options{Members: 60})
	ctx := context.Background()
	served := map[string]int{} // links by goal title, over every link table
	for _, table := range []string{"programme_goals", "session_goals", "content_goals"} {
		rows, err := a.DB.Query(ctx, "SELECT g.title, l.how FROM "+table+" l JOIN goals g ON g.id = l.goal_id")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var title, how string
			if err := rows.Scan(&title, &how); err != nil {
				t.Fatal(err)
			}
			served[title+" ("+table+")"]++
			served[title]++
			if strings.TrimSpace(how) == "" {
				t.Errorf("%s: a link to %q says nothing of how", table, title)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	for _, goal := range []string{"Welcome and keep early career researchers", "Share reproducible research practice",
		"Grow member-led programming", "Connect researchers across disciplines and regions", "Show our impact to funders and institutions"} {
		if served[goal+" (programme_goals)"] == 0 || served[goal+" (content_goals)"] == 0 {
			t.Errorf("%q is served by %d programmes and %d content items; want both", goal,
				served[goal+" (programme_goals)"], served[goal+" (content_goals)"])
		}
	}
	if n := served["Build a shared data-stewardship curriculum"]; n != 0 {
		t.Errorf("the curriculum goal has %d links; the demo plants it served by nothing", n)
	}
	if served["Share reproducible research practice (session_goals)"]+served["Welcome and keep early career researchers (session_goals)"]+
		served["Show our impact to funders and institutions (session_goals)"] == 0 {
		t.Error("no session serves a goal of its own")
	}

	progs, _, err := a.Programming.ListProgrammes(ctx, programming.ProgrammeFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var callID int64
	for _, p := range progs {
		if slices.Contains(p.Modes, participation.CoCreate) {
			t.Errorf("%q offers co-create; the demo plants no co-create programming", p.Title)
		}
		if p.Kind == programming.CommunityCall {
			callID = p.ID
		}
	}
	checkCallsAtFour(t, a, callID)

	all, _, err := a.Content.List(ctx, content.Filter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	unlinked := 0
	for _, it := range all {
		if slices.Contains(demo.UnlinkedContent, it.Title) {
			unlinked++
			if len(it.Goals) != 0 {
				t.Errorf("%q serves %d goals; the demo plants it serving none", it.Title, len(it.Goals))
			}
		} else if len(it.Goals) == 0 {
			t.Errorf("%q serves no goal, and is not among the planted unlinked items", it.Title)
		}
	}
	if unlinked != len(demo.UnlinkedContent) {
		t.Errorf("found %d of the %d planted unlinked items", unlinked, len(demo.UnlinkedContent))
	}
	checkNightMembers(t, a)
}

// checkCallsAtFour: every occurrence of the monthly community call over
// the demo's year starts at 16:00 Europe/Berlin, the moved one included.
func checkCallsAtFour(t *testing.T, a *app.App, callID int64) {
	t.Helper()
	if callID == 0 {
		t.Fatal("no community call")
	}
	occ, err := a.Programming.Occurrences(context.Background(), fixedNow.AddDate(0, -12, 0), fixedNow.AddDate(0, 1, 0), callID)
	if err != nil {
		t.Fatal(err)
	}
	if len(occ) < 12 {
		t.Fatalf("%d calls in the year, want a monthly call", len(occ))
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range occ {
		if at := o.Start.In(berlin); at.Hour() != 16 || at.Minute() != 0 || o.TimeZone != "Europe/Berlin" {
			t.Errorf("a call starts at %s (%s), want 16:00 in Berlin", at.Format("2006-01-02 15:04 MST"), o.TimeZone)
		}
	}
}

// checkNightMembers: some members live in East Asia or Oceania, where
// every session of the quarter before the load day starts at night (from
// 22:00 to 07:00, as the audit counts), so the audit has someone to count.
func checkNightMembers(t *testing.T, a *app.App) {
	t.Helper()
	ctx := context.Background()
	to := time.Date(fixedNow.Year(), fixedNow.Month(), 1, 0, 0, 0, 0, time.UTC)
	occ, err := a.Programming.Occurrences(ctx, to.AddDate(0, -3, 0), to, 0)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := a.DB.Query(ctx, "SELECT timezone, COUNT(*) FROM members WHERE archived_at IS NULL AND timezone <> '' GROUP BY timezone")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var night []string
	for rows.Next() {
		var zone string
		var n int
		if err := rows.Scan(&zone, &n); err != nil {
			t.Fatal(err)
		}
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		all := len(occ) > 0
		for _, o := range occ {
			if h := o.Start.In(loc).Hour(); !o.Cancelled && h >= 7 && h < 22 {
				all = false
			}
		}
		if all && (strings.HasPrefix(zone, "Asia/") || strings.HasPrefix(zone, "Australia/") || strings.HasPrefix(zone, "Pacific/")) {
			night = append(night, zone)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("every session at night in %v", night)
	if len(night) < 2 {
		t.Errorf("members in East Asia or Oceania with every session at night live in %v; want at least two zones", night)
	}
}
