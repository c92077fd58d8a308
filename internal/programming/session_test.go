package programming_test

import (
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestSessionBadInputSavesNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p := f.programme("Call")
		ok := programming.SessionInput{Start: "2026-04-07T16:00", End: "2026-04-07T17:00", TimeZone: "Europe/Berlin"}
		with := func(change func(*programming.SessionInput)) programming.SessionInput {
			in := ok
			change(&in)
			return in
		}
		tests := []struct {
			name  string
			in    programming.SessionInput
			field string
		}{
			{"end before start", with(func(in *programming.SessionInput) { in.End = "2026-04-07T15:00" }), "end"},
			{"end equals start", with(func(in *programming.SessionInput) { in.End = in.Start }), "end"},
			{"unknown zone", with(func(in *programming.SessionInput) { in.TimeZone = "Atlantis" }), "time_zone"},
			{"no zone", with(func(in *programming.SessionInput) { in.TimeZone = "" }), "time_zone"},
			{"not a date", with(func(in *programming.SessionInput) { in.Start = "next Tuesday" }), "start"},
			{"invalid rrule", with(func(in *programming.SessionInput) { in.RRule = "FREQ=FORTNIGHTLY" }), "rrule"},
			{"missing goal", with(func(in *programming.SessionInput) { in.Goals = []goals.Link{{GoalID: 99}} }), "goals[0].goal_id"},
			{"bad join url", with(func(in *programming.SessionInput) { in.JoinURL = "javascript:alert(1)" }), "join_url"},
			{"bad status", with(func(in *programming.SessionInput) { in.Status = "maybe" }), "status"},
		}
		for _, tt := range tests {
			_, err := f.svc.CreateSession(f.ctx, p.ID, tt.in)
			if !apperr.Is(err, apperr.Invalid) || fieldProblem(err, tt.field) == "" {
				t.Errorf("%s: got %v, want a problem on %s", tt.name, err, tt.field)
			}
		}
		if n := f.count("programme_sessions") + f.count("session_goals"); n != 0 {
			t.Errorf("%d rows saved", n)
		}
		if _, err := f.svc.CreateSession(f.ctx, 999, ok); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown programme: %v", err)
		}
		// A city is accepted as the zone, as on a member's record.
		s, err := f.svc.CreateSession(f.ctx, p.ID, with(func(in *programming.SessionInput) { in.TimeZone = "Berlin" }))
		if err != nil || s.TimeZone != "Europe/Berlin" || !s.Start.Equal(utc("2026-04-07T14:00:00Z")) {
			t.Errorf("city zone: %+v %v", s, err)
		}
	})
}

func TestSessionSequenceGrowsOnTimeAndStatus(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p := f.programme("Call")
		s, err := f.svc.CreateSession(f.ctx, p.ID, programming.SessionInput{Start: "2026-04-07T16:00", End: "2026-04-07T17:00", TimeZone: "Europe/Berlin"})
		if err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			change func(*programming.SessionInput)
			seq    int
		}{
			{func(in *programming.SessionInput) { in.Location = "Room 2" }, 0},
			{func(in *programming.SessionInput) { in.Start = "2026-04-07T15:30" }, 1},
			{func(in *programming.SessionInput) { in.Status = programming.SessionCancelled }, 2},
			{func(in *programming.SessionInput) { in.Title = "Special" }, 2},
		}
		for i, st := range steps {
			s, err = f.svc.EditSession(f.ctx, s.ID, s.Version, func(cur programming.Session) (programming.SessionInput, error) {
				in := cur.Input()
				st.change(&in)
				return in, nil
			})
			if err != nil || s.Sequence != st.seq {
				t.Fatalf("step %d: sequence %d, want %d (%v)", i, s.Sequence, st.seq, err)
			}
		}
		if _, err := f.svc.EditSession(f.ctx, s.ID, 1, func(cur programming.Session) (programming.SessionInput, error) { return cur.Input(), nil }); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("stale edit: %v", err)
		}
	})
}

// monthlySeries is the demo's shape: first Tuesday of the month at 16:00
// Europe/Berlin, from February 2026.
func monthlySeries(f *fixture) programming.Session {
	f.tb.Helper()
	p := f.programme("Community call")
	s, err := f.svc.CreateSession(f.ctx, p.ID, programming.SessionInput{Start: "2026-02-03T16:00", End: "2026-02-03T17:00",
		TimeZone: "Europe/Berlin", RRule: "FREQ=MONTHLY;BYDAY=1TU", JoinURL: "https://meet.example.org/call"})
	if err != nil {
		f.tb.Fatal(err)
	}
	return s
}

func TestOccurrenceExceptions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		s := monthlySeries(f)
		changes := []programming.OccurrenceChange{
			{Original: "2026-03-03T16:00", Action: programming.Skip},
			// Moved across midnight in UTC and into the next local day.
			{Original: "2026-04-07T16:00", Action: programming.Move, Start: "2026-04-08T01:30", End: "2026-04-08T02:30"},
			{Original: "2026-05-05T16:00", Action: programming.CancelOne},
		}
		var err error
		for _, c := range changes {
			if s, err = f.svc.ChangeOccurrence(f.ctx, s.ID, s.Version, c); err != nil {
				t.Fatalf("%+v: %v", c, err)
			}
		}
		if s.Sequence != 3 || len(s.Exceptions) != 3 {
			t.Fatalf("sequence %d exceptions %+v", s.Sequence, s.Exceptions)
		}
		occ, err := f.svc.Occurrences(f.ctx, utc("2026-02-01T00:00:00Z"), utc("2026-07-01T00:00:00Z"), 0)
		if err != nil {
			t.Fatal(err)
		}
		want := []struct {
			start            string
			moved, cancelled bool
		}{
			{"2026-02-03T15:00:00Z", false, false},
			{"2026-04-07T23:30:00Z", true, false},
			{"2026-05-05T14:00:00Z", false, true},
			{"2026-06-02T14:00:00Z", false, false},
		}
		if len(occ) != len(want) {
			t.Fatalf("got %d occurrences: %+v", len(occ), occ)
		}
		for i, w := range want {
			o := occ[i]
			if !o.Start.Equal(utc(w.start)) || o.Moved != w.moved || o.Cancelled != w.cancelled || o.End.Sub(o.Start) != time.Hour {
				t.Errorf("occurrence %d = %s moved %v cancelled %v, want %+v", i, o.Start.UTC(), o.Moved, o.Cancelled, w)
			}
		}
		if occ[1].OriginalStart == nil || !occ[1].OriginalStart.Equal(utc("2026-04-07T14:00:00Z")) {
			t.Errorf("moved occurrence keeps %v as its original start", occ[1].OriginalStart)
		}
		bad := []struct {
			c     programming.OccurrenceChange
			field string
		}{
			{programming.OccurrenceChange{Original: "2026-03-04T16:00", Action: programming.Skip}, "original_start"},
			{programming.OccurrenceChange{Original: "2026-06-02T16:00", Action: "drop"}, "action"},
			{programming.OccurrenceChange{Original: "2026-06-02T16:00", Action: programming.Move, Start: "2026-06-03T10:00", End: "2026-06-03T09:00"}, "end"},
			{programming.OccurrenceChange{Original: "2026-06-02T16:00", Action: programming.Move, Start: "2026-09-03T10:00", End: "2026-09-03T11:00"}, "start"},
		}
		for _, b := range bad {
			if _, err := f.svc.ChangeOccurrence(f.ctx, s.ID, 0, b.c); fieldProblem(err, b.field) == "" {
				t.Errorf("%+v: got %v, want a problem on %s", b.c, err, b.field)
			}
		}
		s, err = f.svc.ChangeOccurrence(f.ctx, s.ID, 0, programming.OccurrenceChange{Original: "2026-03-03T16:00", Action: programming.RestoreOne})
		if err != nil || len(s.Exceptions) != 2 {
			t.Errorf("restore: %v %+v", err, s.Exceptions)
		}
		// Moving the series' start drops exceptions it no longer has.
		s, err = f.svc.EditSession(f.ctx, s.ID, 0, func(cur programming.Session) (programming.SessionInput, error) {
			in := cur.Input()
			in.Start, in.End = "2026-02-03T17:00", "2026-02-03T18:00"
			return in, nil
		})
		if err != nil || len(s.Exceptions) != 0 {
			t.Errorf("after moving the series: %v %+v", err, s.Exceptions)
		}
	})
}

func TestOccurrencesPeriodIsBounded(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		from := utc("2026-01-01T00:00:00Z")
		if _, err := f.svc.Occurrences(f.ctx, from, from.AddDate(2, 0, 0), 0); fieldProblem(err, "to") == "" {
			t.Errorf("two years: %v", err)
		}
		if _, err := f.svc.Occurrences(f.ctx, from, from, 0); fieldProblem(err, "to") == "" {
			t.Errorf("empty period: %v", err)
		}
	})
}
