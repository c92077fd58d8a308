package contentaudit

import (
	"context"
	"reflect"
	"testing"

	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestLoadReadsWhatTheRulesNeed: Load reads, of the items from before the
// period, only those a rule can look at; the audit it gives must be the
// one a read of every past item gives, items and gaps, figures and links
// alike. The community mixes old and new items of every kind that decides
// what is read: goals served only by old items, by withdrawn ones, by an
// undated one, by an old programme's session, a series running into the
// period and one over before it, one repeating without end, review-by
// dates past and to come, and a goal retired in the last period audited.
func TestLoadReadsWhatTheRulesNeed(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := audit.WithActor(context.Background(), audit.Actor{Name: "test"})
		s := loadFixture(db)
		gs := &goals.Service{DB: db, Now: s.Now}
		goal := map[string]int64{}
		for _, title := range []string{"Served now and before", "Served only before", "Only withdrawn items",
			"Only an undated idea", "Only an old session", "Only a cancelled programme now", "Only a series into the period",
			"Only a series without end", "Served by nothing", "Retired"} {
			goal[title] = must(gs.Create(ctx, goals.Goal{Title: title})).ID
		}
		retired := must(gs.Get(ctx, goal["Retired"]))
		must(gs.Retire(ctx, retired.ID, retired.Version))
		serve := func(titles ...string) []goals.Link {
			var out []goals.Link
			for _, t := range titles {
				out = append(out, goals.Link{GoalID: goal[t]})
			}
			return out
		}

		type prog struct {
			title    string
			status   programming.Status
			goals    []string
			sessions []programming.SessionInput
		}
		one := func(day string) programming.SessionInput {
			return programming.SessionInput{Start: day + "T10:00", End: day + "T11:00", TimeZone: "UTC"}
		}
		for _, p := range []prog{
			{"Call now", programming.Open, []string{"Served now and before"}, []programming.SessionInput{one("2026-08-04")}},
			{"Call last year", programming.Completed, []string{"Served now and before", "Served only before"}, []programming.SessionInput{one("2025-09-10"), one("2025-10-01")}},
			{"Cancelled long ago", programming.Cancelled, []string{"Only withdrawn items"}, []programming.SessionInput{one("2025-05-05")}},
			{"Cancelled now", programming.Cancelled, []string{"Only a cancelled programme now"}, []programming.SessionInput{one("2026-07-20")}},
			{"Old with a session's goal", programming.Completed, nil, []programming.SessionInput{
				{Start: "2026-02-02T09:00", End: "2026-02-02T10:00", TimeZone: "UTC", Goals: serve("Only an old session")}}},
			{"Series into the period", programming.Open, []string{"Only a series into the period"}, []programming.SessionInput{
				{Start: "2026-06-02T16:00", End: "2026-06-02T17:00", TimeZone: "Europe/Berlin", RRule: "FREQ=WEEKLY;COUNT=8"}}},
			{"Series over before", programming.Completed, []string{"Served only before", "Retired"}, []programming.SessionInput{
				{Start: "2026-03-03T16:00", End: "2026-03-03T17:00", TimeZone: "Europe/Berlin", RRule: "FREQ=WEEKLY;COUNT=4"}}},
			{"Series without end", programming.Open, []string{"Only a series without end"}, []programming.SessionInput{
				{Start: "2025-01-06T08:00", End: "2025-01-06T09:00", TimeZone: "Asia/Tokyo", RRule: "FREQ=MONTHLY;BYDAY=1MO"}}},
			{"Nothing scheduled", programming.Planned, []string{"Served by nothing"}, nil},
			{"Next year", programming.Planned, []string{"Served by nothing"}, []programming.SessionInput{one("2027-02-01")}},
		} {
			created := must(s.Programming.CreateProgramme(ctx, programming.ProgrammeInput{Kind: programming.Workshop, Title: p.title,
				Status: p.status, Goals: serve(p.goals...), Modes: []participation.Mode{participation.Convey}}))
			for _, x := range p.sessions {
				must(s.Programming.CreateSession(ctx, created.ID, x))
			}
		}

		for _, c := range []content.Input{
			{Kind: "blog_post", Title: "Post now", Status: content.Published, PublishedOn: "2026-08-10", Goals: serve("Served now and before")},
			{Kind: "blog_post", Title: "Post last year", Status: content.Published, PublishedOn: "2025-11-02", Goals: serve("Served now and before")},
			{Kind: "report", Title: "Old report", Status: content.Published, PublishedOn: "2026-01-15", ReviewBy: "2026-05-01", Goals: serve("Served only before")},
			{Kind: "report", Title: "Older report", Status: content.Published, PublishedOn: "2025-04-15", Goals: serve("Served only before", "Retired")},
			{Kind: "playbook", Title: "Archived playbook", Status: content.Archived, PublishedOn: "2025-12-01", ReviewBy: "2026-01-01", Goals: serve("Only withdrawn items")},
			{Kind: "blog_post", Title: "Undated idea", Status: content.Idea, ReviewBy: "2026-06-01", Goals: serve("Only an undated idea")},
			{Kind: "blog_post", Title: "Undated draft", Status: content.Drafting, ReviewBy: "2027-06-01"},
			{Kind: "video", Title: "Old video, review to come", Status: content.Published, PublishedOn: "2026-04-01", ReviewBy: "2027-01-31"},
			{Kind: "video", Title: "Old video, reviewed on the day after", Status: content.Published, PublishedOn: "2026-03-01", ReviewBy: "2026-10-01"},
			{Kind: "video", Title: "Old video, review by the period's last day", Status: content.Published, PublishedOn: "2026-02-01", ReviewBy: "2026-09-30"},
			{Kind: "social_post", Title: "Old post, no goal", Status: content.Published, PublishedOn: "2026-05-05"},
			{Kind: "newsletter_issue", Title: "Newsletter now", Status: content.Published, PublishedOn: "2026-09-30", ReviewBy: "2026-09-01"},
			{Kind: "newsletter_issue", Title: "Planned next year", Status: content.Drafting, PlannedOn: "2027-01-10", ReviewBy: "2026-01-01", Goals: serve("Served by nothing")},
		} {
			must(s.Content.Create(ctx, c))
		}

		// Quarters, a month, a day and a year, so that each item is in one
		// period and before another.
		for _, p := range [][2]string{{"2026-07-01", "2026-09-30"}, {"2026-10-01", "2026-12-31"}, {"2026-04-01", "2026-06-30"},
			{"2026-08-01", "2026-08-31"}, {"2026-09-30", "2026-09-30"}, {"2025-01-01", "2025-12-31"}} {
			t.Run(p[0]+"/"+p[1], func(t *testing.T) {
				selective, err := s.load(ctx, p[0], p[1], false)
				if err != nil {
					t.Fatal(err)
				}
				all, err := s.load(ctx, p[0], p[1], true)
				if err != nil {
					t.Fatal(err)
				}
				if len(selective.Items) >= len(all.Items) {
					t.Errorf("the selective read holds %d items, the full read %d: nothing was left out", len(selective.Items), len(all.Items))
				}
				got, err := Run(selective)
				if err != nil {
					t.Fatal(err)
				}
				want, err := Run(all)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got.Items, want.Items) {
					t.Errorf("items %v, the full read's %v", titlesOf(got.Items), titlesOf(want.Items))
				}
				wantGaps(t, got.Gaps, want.Gaps)
			})
		}

		// Q3 2026 finds what the fixture plants, so the comparison above
		// is over gaps that read the past.
		res, err := s.Audit(ctx, "2026-07-01", "2026-09-30")
		if err != nil {
			t.Fatal(err)
		}
		keys := map[string]Gap{}
		for _, g := range res.Gaps {
			keys[g.Key] = g
		}
		for _, c := range []struct {
			key   string
			items float64 // items_before, or for review_overdue items
		}{
			{"goal_served_only_before:goal/" + itoa(goal["Served only before"]), 4},
			{"goal_served_by_nothing:goal/" + itoa(goal["Only withdrawn items"]), 0},
			{"goal_served_by_nothing:goal/" + itoa(goal["Only an undated idea"]), 0},
			{"goal_served_by_nothing:goal/" + itoa(goal["Only an old session"]), 0},
			{"goal_served_by_nothing:goal/" + itoa(goal["Served by nothing"]), 0},
			{"goal_served_by_nothing:goal/" + itoa(goal["Only a cancelled programme now"]), 0},
			{"goal_served_only_before:goal/" + itoa(goal["Retired"]), 2},
			{"review_overdue", 4},
		} {
			g, ok := keys[c.key]
			if !ok {
				t.Errorf("no gap %s in Q3 2026:\n%s", c.key, show(res.Gaps))
				continue
			}
			n := g.Figures["items_before"]
			if c.key == "review_overdue" {
				n = g.Figures["items"]
			}
			if n != c.items {
				t.Errorf("%s: %v items, want %v (%v)", c.key, n, c.items, g.Figures)
			}
		}
		for _, title := range []string{"Served now and before", "Only a series into the period", "Only a series without end"} {
			for _, rule := range []string{"goal_served_only_before", "goal_served_by_nothing"} {
				if g, ok := keys[rule+":goal/"+itoa(goal[title])]; ok {
					t.Errorf("goal %q is served in Q3 2026, yet %s", title, g.Message)
				}
			}
		}
	})
}
