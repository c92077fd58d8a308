package app_test

import (
	"slices"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// Merging two records of one person keeps what either had at a session
// (came, spoke, a note), once per date, and the undo puts both lists back.
func TestMergeCombinesAttendance(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
		w := newWorld(t, db, func() time.Time { return now })
		prog := w.a.Programming
		p, err := prog.CreateProgramme(ctx, programming.ProgrammeInput{Kind: programming.CommunityCall, Title: "Call"})
		if err != nil {
			t.Fatal(err)
		}
		var sessions []programming.Session
		for _, day := range []string{"2026-03-03", "2026-03-10"} {
			x, err := prog.CreateSession(ctx, p.ID, programming.SessionInput{Start: day + "T16:00", End: day + "T17:00", TimeZone: "UTC"})
			if err != nil {
				t.Fatal(err)
			}
			sessions = append(sessions, x)
		}
		yes, speaker, note := programming.AttendedYes, programming.PartSpeaker, "Gave the talk"
		for _, rec := range []struct {
			session int64
			in      programming.AttendanceInput
		}{
			{sessions[0].ID, programming.AttendanceInput{MemberID: w.keep.ID}},
			{sessions[0].ID, programming.AttendanceInput{MemberID: w.drop.ID, Attended: &yes, Role: &speaker, Note: &note}},
			{sessions[1].ID, programming.AttendanceInput{MemberID: w.drop.ID, Attended: &yes}},
		} {
			if _, err := prog.RecordOne(ctx, rec.session, "", rec.in); err != nil {
				t.Fatal(err)
			}
		}
		before := dumpAll(t, db)
		if _, err := w.a.Members.Merge(ctx, w.keep.ID, w.drop.ID); err != nil {
			t.Fatal(err)
		}
		first, err := prog.GetAttendance(ctx, sessions[0].ID, "")
		if err != nil || len(first.People) != 1 {
			t.Fatalf("after the merge: %+v %v", first, err)
		}
		if a := first.People[0]; a.MemberID != w.keep.ID || a.Attended != yes || a.Role != speaker || a.Note != note {
			t.Errorf("combined entry %+v", a)
		}
		timeline, _, err := prog.MemberAttendance(ctx, w.keep.ID, 10)
		if err != nil || len(timeline) != 2 {
			t.Fatalf("kept member's timeline %+v %v", timeline, err)
		}
		history, err := w.a.Members.Merges(ctx, w.keep.ID)
		if err != nil || len(history) != 1 {
			t.Fatalf("merges %v %v", history, err)
		}
		if _, _, err := w.a.Members.UndoMerge(ctx, history[0].ID); err != nil {
			t.Fatal(err)
		}
		after := dumpAll(t, db)
		if !slices.Equal(before["session_attendance"], after["session_attendance"]) {
			t.Errorf("attendance after undo:\nbefore %v\nafter  %v", before["session_attendance"], after["session_attendance"])
		}
	})
}
