package programming_test

import (
	"github.com/trellis-community/trellis/internal/apperr"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestCalendarEvents(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		s := monthlySeries(f)
		var err error
		for _, c := range []programming.OccurrenceChange{
			{Original: "2026-03-03T16:00", Action: programming.Skip},
			{Original: "2026-04-07T16:00", Action: programming.Move, Start: "2026-04-09T16:00", End: "2026-04-09T17:00"},
			{Original: "2026-05-05T16:00", Action: programming.CancelOne},
		} {
			if s, err = f.svc.ChangeOccurrence(f.ctx, s.ID, 0, c); err != nil {
				t.Fatal(err)
			}
		}
		other := f.programme("Workshop")
		single, err := f.svc.CreateSession(f.ctx, other.ID, programming.SessionInput{Start: "2026-06-10T09:00", End: "2026-06-10T12:00",
			TimeZone: "UTC", Status: programming.SessionCancelled})
		if err != nil {
			t.Fatal(err)
		}
		all, err := f.svc.CalendarEvents(f.ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		events := all.Events
		if all.Name != "" {
			t.Errorf("the community's feed is named %q, want the default", all.Name)
		}
		if len(events) != 4 {
			t.Fatalf("got %d events: %+v", len(events), events)
		}
		m := events[0]
		uid := programming.SessionUID(s.ID)
		if m.UID != uid || m.RRule != "FREQ=MONTHLY;BYDAY=+1TU" || m.TimeZone != "Europe/Berlin" || m.Sequence != 3 || m.Cancelled {
			t.Errorf("master %+v", m)
		}
		if len(m.ExDates) != 2 || !m.ExDates[0].Equal(utc("2026-03-03T15:00:00Z")) || !m.ExDates[1].Equal(utc("2026-04-07T14:00:00Z")) {
			t.Errorf("exdates %v", m.ExDates)
		}
		moved, cancelled := events[1], events[2]
		if moved.UID != uid || moved.RecurrenceID == nil || !moved.RecurrenceID.Equal(utc("2026-04-07T14:00:00Z")) ||
			!moved.Start.Equal(utc("2026-04-09T14:00:00Z")) || moved.RRule != "" || moved.Cancelled {
			t.Errorf("moved %+v", moved)
		}
		if cancelled.UID != uid || cancelled.RecurrenceID == nil || !cancelled.Start.Equal(utc("2026-05-05T14:00:00Z")) ||
			!cancelled.Cancelled || cancelled.End.Sub(cancelled.Start) != time.Hour {
			t.Errorf("cancelled %+v", cancelled)
		}
		if e := events[3]; e.UID != programming.SessionUID(single.ID) || !e.Cancelled || e.RRule != "" {
			t.Errorf("single %+v", e)
		}
		one, err := f.svc.CalendarEvents(f.ctx, other.ID)
		if err != nil || len(one.Events) != 1 || one.Name != "Workshop" {
			t.Errorf("one programme: %q, %d events, %v", one.Name, len(one.Events), err)
		}
		if _, err := f.svc.CalendarEvents(f.ctx, other.ID+1000); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("an unknown programme: %v, want NotFound", err)
		}
	})
}

func TestGoalContributions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		g := f.goal("Welcome newcomers")
		p, err := f.svc.CreateProgramme(f.ctx, programming.ProgrammeInput{Kind: programming.OfficeHours, Title: "Office hours",
			Goals: []goals.Link{{GoalID: g, How: "a place to ask"}}})
		if err != nil {
			t.Fatal(err)
		}
		undated, err := f.svc.GoalContributions(f.ctx, g, "2026-01-01", "2026-03-31")
		if err != nil || len(undated) != 1 || undated[0].On != "" || undated[0].Kind != "programme" {
			t.Fatalf("undated programme: %+v %v", undated, err)
		}
		// 23:30 UTC on 31 March is 1 April in Berlin, the community's zone.
		if _, err := f.svc.CreateSession(f.ctx, p.ID, programming.SessionInput{Start: "2026-03-31T23:30:00Z", End: "2026-04-01T00:30:00Z",
			TimeZone: "UTC", Goals: []goals.Link{{GoalID: g}}}); err != nil {
			t.Fatal(err)
		}
		q1, _ := f.svc.GoalContributions(f.ctx, g, "2026-01-01", "2026-03-31")
		q2, _ := f.svc.GoalContributions(f.ctx, g, "2026-04-01", "2026-06-30")
		if len(q1) != 0 || len(q2) != 2 || q2[0].On != "2026-04-01" || q2[1].Kind != "session" || q2[1].On != "2026-04-01" {
			t.Errorf("Q1 %+v Q2 %+v", q1, q2)
		}
	})
}

func TestMergeMovesHosting(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		keep, drop := f.member("Ada"), f.member("Ada L.")
		both, err := f.svc.CreateProgramme(f.ctx, programming.ProgrammeInput{Kind: programming.Workshop, Title: "Both",
			Hosts: []programming.HostInput{{MemberID: keep, Role: programming.Host}, {MemberID: drop, Role: programming.Host}}})
		if err != nil {
			t.Fatal(err)
		}
		only, err := f.svc.CreateProgramme(f.ctx, programming.ProgrammeInput{Kind: programming.Workshop, Title: "Only",
			Hosts: []programming.HostInput{{MemberID: drop, Role: programming.Facilitator}}})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.InTx(f.ctx, func(tx *store.Tx) error { return f.svc.MergeMembers(f.ctx, tx, keep, drop) }); err != nil {
			t.Fatal(err)
		}
		b, _ := f.svc.GetProgramme(f.ctx, both.ID)
		o, _ := f.svc.GetProgramme(f.ctx, only.ID)
		if len(b.Hosts) != 1 || b.Hosts[0].MemberID != keep || len(o.Hosts) != 1 || o.Hosts[0].MemberID != keep {
			t.Errorf("both %+v only %+v", b.Hosts, o.Hosts)
		}
	})
}
