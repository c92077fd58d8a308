package programming_test

import (
	"sync"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func ptr[T any](v T) *T { return &v }

// monthlyCall is a first-Tuesday series from 6 January 2026, 16:00 Berlin:
// 6 Jan, 3 Feb and 3 Mar are past on the fixture's clock (10 March).
func (f *fixture) monthlyCall() (programming.Programme, programming.Session) {
	f.tb.Helper()
	p := f.programme("Community call")
	x, err := f.svc.CreateSession(f.ctx, p.ID, programming.SessionInput{Start: "2026-01-06T16:00", End: "2026-01-06T17:00",
		TimeZone: "Europe/Berlin", RRule: "FREQ=MONTHLY;BYDAY=1TU"})
	if err != nil {
		f.tb.Fatal(err)
	}
	return p, x
}

func TestAttendanceRecordAndRead(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		_, x := f.monthlyCall()
		ada, grace := f.member("Ada Lovelace"), f.member("Grace Hopper")
		got, err := f.svc.RecordAttendance(f.ctx, x.ID, "2026-02-03T16:00", []programming.AttendanceInput{
			{MemberID: ada, Attended: ptr(programming.AttendedYes), Role: ptr(programming.PartSpeaker), Note: ptr("  gave the talk ")},
			{MemberID: grace}})
		if err != nil {
			t.Fatal(err)
		}
		if got.Registered != 2 || got.Attended != 1 || len(got.People) != 2 {
			t.Fatalf("counts %+v", got)
		}
		if a := got.People[0]; a.Name != "Ada Lovelace" || a.Role != programming.PartSpeaker || a.Note != "gave the talk" ||
			!a.RegisteredAt.Equal(f.now.Truncate(time.Second)) {
			t.Errorf("ada %+v", a)
		}
		if g := got.People[1]; g.Role != programming.PartAttendee || g.Attended != programming.AttendedUnknown {
			t.Errorf("grace %+v", g)
		}
		if o := got.Occurrence; o.OccurrenceName() != "2026-02-03T16:00" || !o.Start.Equal(utc("2026-02-03T15:00:00Z")) {
			t.Errorf("occurrence %+v", o)
		}
		// Changing one field leaves the others as they were.
		if _, err := f.svc.RecordOne(f.ctx, x.ID, "2026-02-03T15:00:00Z", programming.AttendanceInput{MemberID: grace,
			Attended: ptr(programming.AttendedNo)}); err != nil {
			t.Fatal(err)
		}
		got, err = f.svc.GetAttendance(f.ctx, x.ID, "2026-02-03T16:00")
		if err != nil || got.People[0].Note != "gave the talk" || got.People[1].Attended != programming.AttendedNo {
			t.Fatalf("after a change: %+v %v", got, err)
		}
		// Removing.
		if err := f.svc.RemoveAttendee(f.ctx, x.ID, "2026-02-03T16:00", grace); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.RemoveAttendee(f.ctx, x.ID, "2026-02-03T16:00", grace); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("second removal: %v", err)
		}
		// The member's timeline.
		tl, more, err := f.svc.MemberAttendance(f.ctx, ada, 10)
		if err != nil || more || len(tl) != 1 || tl[0].Title != "Community call" || tl[0].Attended != programming.AttendedYes {
			t.Fatalf("timeline %+v %v %v", tl, more, err)
		}
		if _, err := f.svc.GetAttendance(f.ctx, 999, ""); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown session: %v", err)
		}
	})
}

func TestAttendanceBadInputSavesNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		_, x := f.monthlyCall()
		ada := f.member("Ada Lovelace")
		if _, err := f.svc.ChangeOccurrence(f.ctx, x.ID, 0, programming.OccurrenceChange{Original: "2026-01-06T16:00", Action: programming.Skip}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.ChangeOccurrence(f.ctx, x.ID, 0, programming.OccurrenceChange{Original: "2026-02-03T16:00", Action: programming.CancelOne}); err != nil {
			t.Fatal(err)
		}
		yes := ptr(programming.AttendedYes)
		tests := []struct {
			name   string
			at     string
			people []programming.AttendanceInput
			field  string
		}{
			{"unknown member", "2026-03-03T16:00", []programming.AttendanceInput{{MemberID: ada}, {MemberID: 999}}, "people[1].member_id"},
			{"no member", "2026-03-03T16:00", []programming.AttendanceInput{{}}, "people[0].member_id"},
			{"listed twice", "2026-03-03T16:00", []programming.AttendanceInput{{MemberID: ada}, {MemberID: ada}}, "people[1].member_id"},
			{"nobody", "2026-03-03T16:00", nil, "people"},
			{"bad role", "2026-03-03T16:00", []programming.AttendanceInput{{MemberID: ada, Role: ptr(programming.Part("chair"))}}, "people[0].role"},
			{"bad state", "2026-03-03T16:00", []programming.AttendanceInput{{MemberID: ada, Attended: ptr(programming.Attended("maybe"))}}, "people[0].attended"},
			{"control character in note", "2026-03-03T16:00", []programming.AttendanceInput{{MemberID: ada, Note: ptr("a\x00b")}}, "people[0].note"},
			{"not a date of the series", "2026-03-04T16:00", []programming.AttendanceInput{{MemberID: ada}}, "occurrence"},
			{"not a date at all", "soon", []programming.AttendanceInput{{MemberID: ada}}, "occurrence"},
			{"a series needs its date", "", []programming.AttendanceInput{{MemberID: ada}}, "occurrence"},
			{"a skipped date", "2026-01-06T16:00", []programming.AttendanceInput{{MemberID: ada}}, "occurrence"},
			{"came to a cancelled date", "2026-02-03T16:00", []programming.AttendanceInput{{MemberID: ada, Attended: yes}}, "people[0].attended"},
			{"came to a date to come", "2026-04-07T16:00", []programming.AttendanceInput{{MemberID: ada, Attended: yes}}, "people[0].attended"},
		}
		for _, tt := range tests {
			_, err := f.svc.RecordAttendance(f.ctx, x.ID, tt.at, tt.people)
			if !apperr.Is(err, apperr.Invalid) || fieldProblem(err, tt.field) == "" {
				t.Errorf("%s: got %v, want a problem on %s", tt.name, err, tt.field)
			}
		}
		if n := f.count("session_attendance"); n != 0 {
			t.Fatalf("%d rows saved", n)
		}
		// Registering for a cancelled date is kept: those are the people to tell.
		if _, err := f.svc.RecordAttendance(f.ctx, x.ID, "2026-02-03T16:00", []programming.AttendanceInput{{MemberID: ada}}); err != nil {
			t.Errorf("register for a cancelled date: %v", err)
		}
		// So is registering ahead.
		if _, err := f.svc.RecordAttendance(f.ctx, x.ID, "2026-04-07T16:00", []programming.AttendanceInput{{MemberID: ada}}); err != nil {
			t.Errorf("register ahead: %v", err)
		}
	})
}

func TestAttendanceFollowsTheSession(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p, x := f.monthlyCall()
		ada, grace := f.member("Ada Lovelace"), f.member("Grace Hopper")
		record := func(id int64, at string, m int64, a programming.Attended) {
			t.Helper()
			if _, err := f.svc.RecordOne(f.ctx, id, at, programming.AttendanceInput{MemberID: m, Attended: &a}); err != nil {
				t.Fatal(err)
			}
		}
		record(x.ID, "2026-02-03T16:00", ada, programming.AttendedYes)
		record(x.ID, "2026-03-03T16:00", grace, programming.AttendedUnknown)
		change := func(at string, a programming.Action) error {
			_, err := f.svc.ChangeOccurrence(f.ctx, x.ID, 0, programming.OccurrenceChange{Original: at, Action: a,
				Start: "2026-02-04T16:00", End: "2026-02-04T17:00"})
			return err
		}
		if err := change("2026-03-03T16:00", programming.Skip); fieldProblem(err, "action") == "" {
			t.Errorf("skip a date with people listed: %v", err)
		}
		if err := change("2026-02-03T16:00", programming.CancelOne); fieldProblem(err, "action") == "" {
			t.Errorf("cancel a date people came to: %v", err)
		}
		if err := change("2026-03-03T16:00", programming.CancelOne); err != nil {
			t.Errorf("cancel a date with registrations only: %v", err)
		}
		// A moved date keeps its people, and the timeline shows the new date.
		if err := change("2026-02-03T16:00", programming.Move); err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.GetAttendance(f.ctx, x.ID, "2026-02-03T16:00")
		if err != nil || got.Attended != 1 || !got.Occurrence.Moved || got.Occurrence.Start.Day() != 4 {
			t.Fatalf("moved: %+v %v", got, err)
		}
		tl, _, err := f.svc.MemberAttendance(f.ctx, ada, 10)
		if err != nil || len(tl) != 1 || tl[0].Start.Day() != 4 || !tl[0].Moved {
			t.Fatalf("timeline after move: %+v %v", tl, err)
		}
		// Editing the series so a listed date falls out of it is refused,
		// and cancelling a series people came to.
		_, err = f.svc.EditSession(f.ctx, x.ID, 0, func(s programming.Session) (programming.SessionInput, error) {
			in := s.Input()
			in.RRule = "FREQ=MONTHLY;BYDAY=1WE"
			in.Start, in.End = "2026-01-07T16:00", "2026-01-07T17:00"
			return in, nil
		})
		if fieldProblem(err, "start") == "" {
			t.Errorf("series edit dropping listed dates: %v", err)
		}
		_, err = f.svc.EditSession(f.ctx, x.ID, 0, func(s programming.Session) (programming.SessionInput, error) {
			in := s.Input()
			in.Status = programming.SessionCancelled
			return in, nil
		})
		if fieldProblem(err, "status") == "" {
			t.Errorf("cancel a series people came to: %v", err)
		}
		// Ending the series after its listed dates is fine.
		if _, err := f.svc.EditSession(f.ctx, x.ID, 0, func(s programming.Session) (programming.SessionInput, error) {
			in := s.Input()
			in.RRule = "FREQ=MONTHLY;BYDAY=1TU;COUNT=3"
			return in, nil
		}); err != nil {
			t.Errorf("end the series: %v", err)
		}

		// A single session moved to another day takes its people along.
		one, err := f.svc.CreateSession(f.ctx, p.ID, programming.SessionInput{Start: "2026-03-05T10:00", End: "2026-03-05T11:00", TimeZone: "Europe/Berlin"})
		if err != nil {
			t.Fatal(err)
		}
		record(one.ID, "", ada, programming.AttendedYes)
		if _, err := f.svc.EditSession(f.ctx, one.ID, 0, func(s programming.Session) (programming.SessionInput, error) {
			in := s.Input()
			in.Start, in.End = "2026-03-06T10:00", "2026-03-06T11:00"
			return in, nil
		}); err != nil {
			t.Fatal(err)
		}
		got, err = f.svc.GetAttendance(f.ctx, one.ID, "")
		if err != nil || got.Attended != 1 {
			t.Fatalf("single session moved: %+v %v", got, err)
		}
		if _, err := f.svc.GetAttendance(f.ctx, one.ID, "2026-03-05T10:00"); fieldProblem(err, "occurrence") == "" {
			t.Errorf("the old start still names the session: %v", err)
		}
		// Deleting a session takes its lists.
		if err := f.svc.DeleteSession(f.ctx, one.ID, 0); err != nil {
			t.Fatal(err)
		}
		var left int
		if err := db.QueryRow(f.ctx, "SELECT COUNT(*) FROM session_attendance WHERE session_id = ?", one.ID).Scan(&left); err != nil || left != 0 {
			t.Errorf("%d rows left after delete (%v)", left, err)
		}
	})
}

// Two people marking attendance at the same time, one ticking who came
// and one writing notes, lose nothing.
func TestAttendanceConcurrentMarking(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		_, x := f.monthlyCall()
		var ids []int64
		for _, n := range []string{"A", "B", "C", "D", "E", "F", "G", "H"} {
			ids = append(ids, f.member(n))
		}
		var wg sync.WaitGroup
		errs := make(chan error, 2*len(ids))
		for i, id := range ids {
			wg.Go(func() {
				_, err := f.svc.RecordOne(f.ctx, x.ID, "2026-03-03T16:00", programming.AttendanceInput{MemberID: id, Attended: ptr(programming.AttendedYes)})
				errs <- err
			})
			wg.Go(func() {
				_, err := f.svc.RecordOne(f.ctx, x.ID, "2026-03-03T16:00", programming.AttendanceInput{MemberID: id, Note: ptr(string(rune('a' + i)))})
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		got, err := f.svc.GetAttendance(f.ctx, x.ID, "2026-03-03T16:00")
		if err != nil || got.Attended != len(ids) {
			t.Fatalf("%+v %v", got, err)
		}
		for _, p := range got.People {
			if p.Note == "" {
				t.Errorf("%s lost their note", p.Name)
			}
		}
	})
}

func TestAttendanceReach(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p, x := f.monthlyCall()
		ada, grace := f.member("Ada Lovelace"), f.member("Grace Hopper")
		for _, at := range []string{"2026-01-06T16:00", "2026-02-03T16:00", "2026-03-03T16:00"} {
			if _, err := f.svc.RecordAttendance(f.ctx, x.ID, at, []programming.AttendanceInput{
				{MemberID: ada, Attended: ptr(programming.AttendedYes)}, {MemberID: grace, Attended: ptr(programming.AttendedNo)}}); err != nil {
				t.Fatal(err)
			}
		}
		// Moved into March: it counts where it took place.
		if _, err := f.svc.ChangeOccurrence(f.ctx, x.ID, 0, programming.OccurrenceChange{Original: "2026-02-03T16:00", Action: programming.Move,
			Start: "2026-03-02T16:00", End: "2026-03-02T17:00"}); err != nil {
			t.Fatal(err)
		}
		march := func(fn func(time.Time, time.Time) (map[int64]int, error)) int {
			t.Helper()
			got, err := fn(utc("2026-03-01T00:00:00Z"), utc("2026-04-01T00:00:00Z"))
			if err != nil {
				t.Fatal(err)
			}
			return got[p.ID]
		}
		if n := march(func(a, b time.Time) (map[int64]int, error) { return f.svc.AttendanceByProgramme(f.ctx, a, b) }); n != 2 {
			t.Errorf("attendances in March: %d, want 2", n)
		}
		if n := march(func(a, b time.Time) (map[int64]int, error) { return f.svc.PeopleByProgramme(f.ctx, a, b) }); n != 1 {
			t.Errorf("people in March: %d, want 1", n)
		}
		counts, people, err := f.svc.ProgrammeAttendance(f.ctx, p.ID)
		if err != nil || len(counts) != 3 || people != 1 {
			t.Fatalf("programme counts %v %d %v", counts, people, err)
		}
		if c := counts[programming.OccurrenceKey{SessionID: x.ID, Start: utc("2026-01-06T15:00:00Z").Unix()}]; c.Registered != 2 || c.Attended != 1 {
			t.Errorf("January %+v", c)
		}
	})
}
