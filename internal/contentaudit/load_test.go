package contentaudit

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// loadFixture is a service over db with programming and content, on 30
// November 2026 in a community that keeps UTC.
func loadFixture(db *store.DB) *Service {
	s := newService(db)
	s.Programming = &programming.Service{DB: db, Now: s.Now, Location: time.UTC}
	s.Content = &content.Service{DB: db, Now: s.Now, Location: time.UTC}
	return s
}

// must returns v, and stops the test binary on a fixture that the
// services refused: nothing after it could mean anything.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestAuditLoads builds a small community by hand and checks the loaders
// read it as the audit expects: a weekly series with one occurrence
// cancelled and one moved, a programme measured in hours a month, an item
// past its review date, a goal only served before the period and one
// served by nothing.
func TestAuditLoads(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := audit.WithActor(context.Background(), audit.Actor{Name: "test"})
		s := loadFixture(db)
		gs := &goals.Service{DB: db, Now: s.Now}
		welcome := must(gs.Create(ctx, goals.Goal{Title: "Welcome newcomers"}))
		practice := must(gs.Create(ctx, goals.Goal{Title: "Share practice"}))
		open := must(gs.Create(ctx, goals.Goal{Title: "Open data"}))
		curriculum := must(gs.Create(ctx, goals.Goal{Title: "Build a curriculum"}))
		must(s.Members.Create(ctx, members.Member{Name: "Aiko", TimeZone: "Asia/Tokyo"}))
		must(s.Members.Create(ctx, members.Member{Name: "Bea", TimeZone: "Europe/Berlin"}))

		call := must(s.Programming.CreateProgramme(ctx, programming.ProgrammeInput{Kind: programming.CommunityCall,
			Title: "Community call", Modes: []participation.Mode{participation.Convey, participation.Contribute},
			Modalities: []participation.Modality{participation.Spoken}, Timings: []participation.Timing{participation.Synchronous},
			MinutesPerSession: 60, Goals: []goals.Link{{GoalID: welcome.ID, How: "newcomers meet"}}}))
		series := must(s.Programming.CreateSession(ctx, call.ID, programming.SessionInput{Start: "2026-07-07T16:00",
			End: "2026-07-07T17:00", TimeZone: "Europe/Berlin", RRule: "FREQ=WEEKLY;COUNT=4",
			Goals: []goals.Link{{GoalID: practice.ID}}}))
		series = must(s.Programming.ChangeOccurrence(ctx, series.ID, 0, programming.OccurrenceChange{
			Original: "2026-07-14T16:00", Action: programming.CancelOne}))
		must(s.Programming.ChangeOccurrence(ctx, series.ID, 0, programming.OccurrenceChange{
			Original: "2026-07-21T16:00", Action: programming.Move, Start: "2026-07-23T17:00", End: "2026-07-23T18:00"}))

		sprint := must(s.Programming.CreateProgramme(ctx, programming.ProgrammeInput{Kind: programming.WorkingGroup,
			Title: "Writing sprint", Modes: []participation.Mode{participation.Collaborate},
			Modalities: []participation.Modality{participation.Written}, Timings: []participation.Timing{participation.Asynchronous},
			HoursPerMonth: 4}))
		for _, day := range []string{"2026-08-03", "2026-09-14"} {
			must(s.Programming.CreateSession(ctx, sprint.ID, programming.SessionInput{Start: day + "T14:00",
				End: day + "T15:00", TimeZone: "UTC"}))
		}
		old := must(s.Programming.CreateProgramme(ctx, programming.ProgrammeInput{Kind: programming.Workshop, Title: "Old workshop"}))
		must(s.Programming.CreateSession(ctx, old.ID, programming.SessionInput{Start: "2026-03-05T10:00", End: "2026-03-05T12:00", TimeZone: "UTC"}))

		primer := must(s.Content.Create(ctx, content.Input{Kind: "playbook", Title: "Open data primer", Status: content.Published,
			PublishedOn: "2026-02-10", ReviewBy: "2026-06-30", Goals: []goals.Link{{GoalID: open.ID}}}))
		letter := must(s.Content.Create(ctx, content.Input{Kind: "newsletter_issue", Title: "July newsletter",
			Status: content.Published, PublishedOn: "2026-07-15", Mode: participation.Convey}))
		for _, m := range []struct {
			on string
			v  float64
		}{{"2026-07-20", 100}, {"2026-08-20", 150}} {
			must(s.Content.AddMetric(ctx, letter.ID, content.MetricInput{Name: content.Views, Value: &m.v, ReadOn: m.on}))
		}
		must(s.Content.Create(ctx, content.Input{Kind: "blog_post", Title: "Someday", Status: content.Idea}))
		must(s.Content.Create(ctx, content.Input{Kind: "blog_post", Title: "Next year", Status: content.Drafting, PlannedOn: "2027-01-10"}))

		res, err := s.Audit(ctx, "2026-07-01", "2026-09-30")
		if err != nil {
			t.Fatal(err)
		}
		byTitle := map[string]Item{}
		for _, it := range res.Items {
			byTitle[it.Title] = it
		}
		if len(res.Items) != 3 {
			t.Fatalf("items in the period: %v", titlesOf(res.Items))
		}
		c := byTitle["Community call"]
		berlin, _ := time.LoadLocation("Europe/Berlin")
		var starts []string
		for _, x := range c.Sessions {
			starts = append(starts, x.Start.In(berlin).Format("2006-01-02 15:04"))
		}
		if want := []string{"2026-07-07 16:00", "2026-07-23 17:00", "2026-07-28 16:00"}; !slices.Equal(starts, want) {
			t.Errorf("call sessions %v, want %v (cancelled dropped, moved at its new time)", starts, want)
		}
		if c.On != "2026-07-07" || c.Until != "2026-07-28" || c.EffortHours != 3 || c.Type != "Community call" {
			t.Errorf("call on %s until %s, effort %v, type %q", c.On, c.Until, c.EffortHours, c.Type)
		}
		if got := goalIDs(c.Goals); !slices.Equal(got, []int64{welcome.ID, practice.ID}) {
			t.Errorf("call serves %v, want the programme's goal then its series'", got)
		}
		w := byTitle["Writing sprint"]
		// Four hours a month from 3 August to 14 September: 29/31 + 14/30 months.
		if w.On != "2026-08-03" || w.Until != "2026-09-14" || w.EffortHours != 5.61 || len(w.Sessions) != 2 {
			t.Errorf("sprint on %s until %s, effort %v, %d sessions", w.On, w.Until, w.EffortHours, len(w.Sessions))
		}
		l := byTitle["July newsletter"]
		if !reflect.DeepEqual(l.Reach, []Reach{{"views", 150}}) || !slices.Equal(l.Modes, []participation.Mode{participation.Convey}) {
			t.Errorf("newsletter reach %v, modes %v", l.Reach, l.Modes)
		}

		var keys []string
		for _, g := range res.Gaps {
			keys = append(keys, g.Key)
		}
		want := []string{
			"goal_served_by_nothing:goal/" + itoa(curriculum.ID),
			"goal_served_only_before:goal/" + itoa(open.ID),
			"mode_without_programming:co_create",
			"sessions_at_night",
			"item_without_goal",
			"review_overdue",
		}
		if !slices.Equal(keys, want) {
			t.Fatalf("gaps %v, want %v\n%s", keys, want, show(res.Gaps))
		}
		for _, g := range res.Gaps {
			switch g.Rule {
			case "item_without_goal":
				if !reflect.DeepEqual(g.Links, linksOf(l, w)) && !reflect.DeepEqual(g.Links, linksOf(w, l)) {
					t.Errorf("items without goal link %v", g.Links)
				}
			case "review_overdue":
				if len(g.Links) != 1 || g.Links[0].ID != primer.ID {
					t.Errorf("review overdue links %v", g.Links)
				}
			case "sessions_at_night":
				if g.Figures["members"] != 1 {
					t.Errorf("night figures %v", g.Figures)
				}
			}
		}
	})
}

// TestAuditBadPeriod: a period that is not two dates in order is refused
// on the field, before anything is read.
func TestAuditBadPeriod(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := loadFixture(db)
		for _, c := range [][2]string{{"2026-13-01", "2026-12-31"}, {"2026-07-01", "2026-06-30"}, {"", ""}} {
			if _, err := s.Audit(context.Background(), c[0], c[1]); err == nil {
				t.Errorf("Audit(%q, %q) gave no error", c[0], c[1])
			}
		}
	})
}

func titlesOf(items []Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Title)
	}
	return out
}

func goalIDs(ls []goals.Link) []int64 {
	var out []int64
	for _, l := range ls {
		out = append(out, l.GoalID)
	}
	return out
}
