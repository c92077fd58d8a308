package relationships_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestCreateFollowUpValidation(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, base, nil)
		ada := f.member("Ada")
		tests := []struct {
			name  string
			in    relationships.FollowUpInput
			field string
		}{
			{"no what", relationships.FollowUpInput{What: " ", DueOn: "2026-03-20"}, "what"},
			{"what too long", relationships.FollowUpInput{What: strings.Repeat("w", 501), DueOn: "2026-03-20"}, "what"},
			{"no due date", relationships.FollowUpInput{What: "Call back"}, "due_on"},
			{"bad due date", relationships.FollowUpInput{What: "Call back", DueOn: "2026-02-29"}, "due_on"},
			{"unknown owner", relationships.FollowUpInput{What: "Call back", DueOn: "2026-03-20", OwnerID: 77}, "owner_id"},
			{"unknown member", relationships.FollowUpInput{What: "Call back", DueOn: "2026-03-20", MemberID: 77}, "member_id"},
			{"unknown interaction", relationships.FollowUpInput{What: "Call back", DueOn: "2026-03-20", MemberID: ada, InteractionID: 77}, "interaction_id"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := f.svc.CreateFollowUp(f.ctx, tt.in)
				checkErr(t, err, apperr.Invalid, tt.field)
			})
		}
		// A due date already past is allowed: it is simply overdue.
		fu, err := f.svc.CreateFollowUp(f.ctx, relationships.FollowUpInput{What: "Thank them", DueOn: "2026-03-01", MemberID: ada})
		if err != nil {
			t.Fatal(err)
		}
		if !fu.Overdue || fu.DueToday || fu.MemberName != "Ada" || fu.DoneAt != nil || !fu.CreatedAt.Equal(base) {
			t.Errorf("created %+v", fu)
		}
		_, err = f.svc.GetFollowUp(f.ctx, 999)
		checkErr(t, err, apperr.NotFound, "")
	})
}

func TestFollowUpLifecycle(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, base, nil) // today is 2026-03-10
		ada := f.member("Ada")
		sam := f.user("Sam")
		fu := f.followUp("Send slides", "2026-03-12", ada)

		// A correction before any snooze moves the original date too.
		fu, err := f.svc.UpdateFollowUp(f.ctx, fu.ID, relationships.FollowUpInput{What: "Send the slides", DueOn: "2026-03-11", OwnerID: sam, MemberID: ada})
		if err != nil {
			t.Fatal(err)
		}
		if fu.DueOn != "2026-03-11" || fu.OriginalDueOn != "2026-03-11" || fu.OwnerName != "Sam" {
			t.Fatalf("updated %+v", fu)
		}

		for _, tt := range []struct{ name, until string }{
			{"today", "2026-03-10"}, {"the past", "2026-03-01"}, {"not a date", "next week"},
		} {
			t.Run("snooze until "+tt.name, func(t *testing.T) {
				_, err := f.svc.SnoozeFollowUp(f.ctx, fu.ID, tt.until)
				checkErr(t, err, apperr.Invalid, "until")
			})
		}
		_, err = f.svc.SnoozeFollowUp(f.ctx, 999, "2026-04-01")
		checkErr(t, err, apperr.NotFound, "")

		fu, err = f.svc.SnoozeFollowUp(f.ctx, fu.ID, "2026-03-11")
		if err != nil {
			t.Fatal(err)
		}
		fu, err = f.svc.SnoozeFollowUp(f.ctx, fu.ID, "2026-03-18")
		if err != nil {
			t.Fatal(err)
		}
		if fu.DueOn != "2026-03-18" || fu.OriginalDueOn != "2026-03-11" || fu.SnoozeCount != 2 || fu.Status != relationships.Open {
			t.Fatalf("after two snoozes %+v", fu)
		}
		// After a snooze, an edit keeps the original promise date.
		fu, err = f.svc.UpdateFollowUp(f.ctx, fu.ID, relationships.FollowUpInput{What: "Send the slides", DueOn: "2026-03-19", MemberID: ada})
		if err != nil {
			t.Fatal(err)
		}
		if fu.DueOn != "2026-03-19" || fu.OriginalDueOn != "2026-03-11" || fu.OwnerID != 0 {
			t.Fatalf("edit after snooze %+v", fu)
		}

		f.now = base.Add(2 * time.Hour)
		done, err := f.svc.CompleteFollowUp(f.ctx, fu.ID)
		if err != nil {
			t.Fatal(err)
		}
		if done.Status != relationships.Done || done.DoneAt == nil || !done.DoneAt.Equal(f.now) || done.Overdue || done.DueToday {
			t.Fatalf("completed %+v", done)
		}
		// A second click changes nothing.
		f.now = base.Add(3 * time.Hour)
		again, err := f.svc.CompleteFollowUp(f.ctx, fu.ID)
		if err != nil || !again.DoneAt.Equal(*done.DoneAt) {
			t.Fatalf("completing twice: %+v, %v", again, err)
		}
		_, err = f.svc.SnoozeFollowUp(f.ctx, fu.ID, "2026-04-01")
		checkErr(t, err, apperr.Invalid, "")

		open, err := f.svc.ReopenFollowUp(f.ctx, fu.ID)
		if err != nil {
			t.Fatal(err)
		}
		if open.Status != relationships.Open || open.DoneAt != nil || open.DueOn != "2026-03-19" {
			t.Fatalf("reopened %+v", open)
		}
		if _, err := f.svc.ReopenFollowUp(f.ctx, fu.ID); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.CompleteFollowUp(f.ctx, 999)
		checkErr(t, err, apperr.NotFound, "")
		_, err = f.svc.UpdateFollowUp(f.ctx, 999, relationships.FollowUpInput{What: "x", DueOn: "2026-03-19"})
		checkErr(t, err, apperr.NotFound, "")
		_, err = f.svc.UpdateFollowUp(f.ctx, fu.ID, relationships.FollowUpInput{What: "x", DueOn: "2026-03-19", OwnerID: 404})
		checkErr(t, err, apperr.Invalid, "owner_id")

		want := []string{"create", "update", "snooze", "snooze", "update", "complete", "reopen"}
		if got := f.auditActions("followup", fu.ID); !slices.Equal(got, want) {
			t.Errorf("audit %v, want %v", got, want)
		}
	})
}

// TestFollowUpsAroundMidnight checks that "today" is the community's today:
// the same instant can be the 9th in UTC and already the 10th in Auckland.
func TestFollowUpsAroundMidnight(t *testing.T) {
	t.Parallel()
	auckland := mustLoad(t, "Pacific/Auckland") // UTC+13 in March
	la := mustLoad(t, "America/Los_Angeles")    // UTC-7 from 8 March 2026
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), nil)
		ada := f.member("Ada")
		for _, due := range []string{"2026-03-08", "2026-03-09", "2026-03-10", "2026-03-11"} {
			f.followUp("due "+due, due, ada)
		}
		tests := []struct {
			name  string
			now   time.Time
			loc   *time.Location
			today string
		}{
			{"UTC evening", time.Date(2026, 3, 9, 23, 30, 0, 0, time.UTC), nil, "2026-03-09"},
			{"same instant in Auckland", time.Date(2026, 3, 9, 23, 30, 0, 0, time.UTC), auckland, "2026-03-10"},
			{"Auckland a minute before midnight", time.Date(2026, 3, 9, 10, 59, 0, 0, time.UTC), auckland, "2026-03-09"},
			{"Auckland at midnight", time.Date(2026, 3, 9, 11, 0, 0, 0, time.UTC), auckland, "2026-03-10"},
			{"Los Angeles still the day before", time.Date(2026, 3, 10, 6, 59, 0, 0, time.UTC), la, "2026-03-09"},
			{"Los Angeles just past midnight", time.Date(2026, 3, 10, 7, 0, 0, 0, time.UTC), la, "2026-03-10"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f.now, f.svc.Location = tt.now, tt.loc
				dueDates := func(status string) []string {
					t.Helper()
					list, _, err := f.svc.ListFollowUps(f.ctx, relationships.FollowUpFilter{Status: status})
					if err != nil {
						t.Fatal(err)
					}
					var out []string
					for _, fu := range list {
						out = append(out, fu.DueOn)
						if fu.Overdue != (fu.DueOn < tt.today) || fu.DueToday != (fu.DueOn == tt.today) {
							t.Errorf("%s: overdue %v, due today %v on %s", fu.DueOn, fu.Overdue, fu.DueToday, tt.today)
						}
					}
					return out
				}
				var overdue, due, upcoming []string
				for _, d := range []string{"2026-03-08", "2026-03-09", "2026-03-10", "2026-03-11"} {
					if d < tt.today {
						overdue = append(overdue, d)
					}
					if d <= tt.today {
						due = append(due, d)
					} else {
						upcoming = append(upcoming, d)
					}
				}
				for _, c := range []struct {
					status string
					want   []string
				}{{"overdue", overdue}, {"due", due}, {"upcoming", upcoming}} {
					if got := dueDates(c.status); !slices.Equal(got, c.want) {
						t.Errorf("%s: %v, want %v", c.status, got, c.want)
					}
				}

				d, err := f.svc.Dashboard(f.ctx)
				if err != nil {
					t.Fatal(err)
				}
				if d.Today != tt.today || len(d.DueToday) != 1 || d.DueToday[0].DueOn != tt.today || len(d.Overdue) != len(overdue) {
					t.Errorf("dashboard today %s, due today %+v, %d overdue; want %s and %d overdue",
						d.Today, d.DueToday, len(d.Overdue), tt.today, len(overdue))
				}

				// Logging today's meeting is fine; tomorrow's is not yet.
				in := relationships.InteractionInput{OccurredOn: tt.today, Channel: relationships.Meeting, Summary: "Hello", MemberIDs: []int64{ada}}
				if _, err := f.svc.LogInteraction(f.ctx, in); err != nil {
					t.Errorf("logging today's interaction: %v", err)
				}
				in.OccurredOn = map[string]string{"2026-03-09": "2026-03-10", "2026-03-10": "2026-03-11"}[tt.today]
				_, err = f.svc.LogInteraction(f.ctx, in)
				checkErr(t, err, apperr.Invalid, "occurred_on")
			})
		}
	})
}
