package app_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/config"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// programmingActivities reads every activity of source programming as
// "member kind occurred_at title url external_id" lines, sorted.
func programmingActivities(t *testing.T, db *store.DB) []string {
	t.Helper()
	rows, err := db.Query(ctx, `SELECT member_id, kind, occurred_at, title, url, external_id FROM activities
		WHERE source = 'programming'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var member, at int64
		var kind, title, url, ext string
		if err := rows.Scan(&member, &kind, &at, &title, &url, &ext); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%d %s %s %s %s %s", member, kind, time.Unix(at, 0).UTC().Format(time.RFC3339), title, url, ext))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func wantActivities(t *testing.T, db *store.DB, step string, want ...string) {
	t.Helper()
	slices.Sort(want)
	if got := programmingActivities(t, db); !slices.Equal(got, want) {
		t.Fatalf("%s: programming activities\ngot  %q\nwant %q", step, got, want)
	}
}

// Attendance marked as attended is an activity, in step with it through
// every change: recording, a changed part, a changed mind, a removal, a
// moved date, a renamed session or programme, deletion.
func TestAttendanceBecomesActivities(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
		w := newWorld(t, db, func() time.Time { return now })
		prog := w.a.Programming
		p, err := prog.CreateProgramme(ctx, programming.ProgrammeInput{Kind: programming.CommunityCall, Title: "Call"})
		if err != nil {
			t.Fatal(err)
		}
		series, err := prog.CreateSession(ctx, p.ID, programming.SessionInput{Start: "2026-01-06T16:00", End: "2026-01-06T17:00",
			TimeZone: "Europe/Berlin", RRule: "FREQ=MONTHLY;BYDAY=1TU"})
		if err != nil {
			t.Fatal(err)
		}
		one, err := prog.CreateSession(ctx, p.ID, programming.SessionInput{Title: "Kick-off", Start: "2026-03-10T10:00",
			End: "2026-03-10T11:00", TimeZone: "UTC"})
		if err != nil {
			t.Fatal(err)
		}
		keep, drop, other := w.keep.ID, w.drop.ID, w.other.ID
		yes, no, unknown := programming.AttendedYes, programming.AttendedNo, programming.AttendedUnknown
		speaker, host := programming.PartSpeaker, programming.PartHost
		feb := programming.ActivityID(series.ID, time.Date(2026, 2, 3, 15, 0, 0, 0, time.UTC).Unix(), keep)
		febOther := programming.ActivityID(series.ID, time.Date(2026, 2, 3, 15, 0, 0, 0, time.UTC).Unix(), other)
		febURL := fmt.Sprintf("/sessions/%d/attendance?at=2026-02-03T16%%3A00", series.ID)
		kick := programming.ActivityID(one.ID, time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC).Unix(), keep)
		kickURL := fmt.Sprintf("/sessions/%d/attendance", one.ID)

		if _, err := prog.RecordAttendance(ctx, series.ID, "2026-02-03T16:00", []programming.AttendanceInput{
			{MemberID: keep, Attended: &yes}, {MemberID: other}, {MemberID: drop, Attended: &no}}); err != nil {
			t.Fatal(err)
		}
		wantActivities(t, db, "recorded", fmt.Sprintf("%d attended_call 2026-02-03T15:00:00Z Call %s %s", keep, febURL, feb))
		// Saving the same again changes nothing.
		if _, err := prog.RecordOne(ctx, series.ID, "2026-02-03T16:00", programming.AttendanceInput{MemberID: keep, Attended: &yes}); err != nil {
			t.Fatal(err)
		}
		wantActivities(t, db, "saved again", fmt.Sprintf("%d attended_call 2026-02-03T15:00:00Z Call %s %s", keep, febURL, feb))
		// A part is the kind; someone marked as having come later gets theirs.
		if _, err := prog.RecordAttendance(ctx, series.ID, "2026-02-03T16:00", []programming.AttendanceInput{
			{MemberID: keep, Role: &speaker}, {MemberID: other, Attended: &yes, Role: &host}}); err != nil {
			t.Fatal(err)
		}
		if _, err := prog.RecordOne(ctx, one.ID, "", programming.AttendanceInput{MemberID: keep, Attended: &yes}); err != nil {
			t.Fatal(err)
		}
		wantActivities(t, db, "parts",
			fmt.Sprintf("%d gave_talk 2026-02-03T15:00:00Z Call %s %s", keep, febURL, feb),
			fmt.Sprintf("%d hosted_session 2026-02-03T15:00:00Z Call %s %s", other, febURL, febOther),
			fmt.Sprintf("%d attended_call 2026-03-10T10:00:00Z Kick-off %s %s", keep, kickURL, kick))
		// Unsure after all, then taken off the list.
		if _, err := prog.RecordOne(ctx, series.ID, "2026-02-03T16:00", programming.AttendanceInput{MemberID: other, Attended: &unknown}); err != nil {
			t.Fatal(err)
		}
		if err := prog.RemoveAttendee(ctx, one.ID, "", keep); err != nil {
			t.Fatal(err)
		}
		wantActivities(t, db, "unmarked and removed", fmt.Sprintf("%d gave_talk 2026-02-03T15:00:00Z Call %s %s", keep, febURL, feb))
		// A moved date moves its activities; the series' title and then
		// the programme's name retitle them.
		if _, err := prog.ChangeOccurrence(ctx, series.ID, 0, programming.OccurrenceChange{Original: "2026-02-03T16:00",
			Action: programming.Move, Start: "2026-02-05T09:00", End: "2026-02-05T10:00"}); err != nil {
			t.Fatal(err)
		}
		wantActivities(t, db, "moved", fmt.Sprintf("%d gave_talk 2026-02-05T08:00:00Z Call %s %s", keep, febURL, feb))
		if _, err := prog.EditProgramme(ctx, p.ID, 0, func(old programming.Programme) (programming.ProgrammeInput, error) {
			in := old.ProgrammeInput
			in.Title = "Open call"
			return in, nil
		}); err != nil {
			t.Fatal(err)
		}
		wantActivities(t, db, "programme renamed", fmt.Sprintf("%d gave_talk 2026-02-05T08:00:00Z Open call %s %s", keep, febURL, feb))
		if _, err := prog.EditSession(ctx, series.ID, 0, func(old programming.Session) (programming.SessionInput, error) {
			in := old.Input()
			in.Title = "Winter call"
			return in, nil
		}); err != nil {
			t.Fatal(err)
		}
		wantActivities(t, db, "session renamed", fmt.Sprintf("%d gave_talk 2026-02-05T08:00:00Z Winter call %s %s", keep, febURL, feb))
		// The activity is the member's, as any other.
		list, err := w.a.Participation.MemberActivities(ctx, keep, 10)
		if err != nil || len(list) != 1 || list[0].Source != participation.SourceProgramming || list[0].Mode != participation.Contribute {
			t.Fatalf("member's activities %+v %v", list, err)
		}
		if err := prog.DeleteSession(ctx, series.ID, 0); err != nil {
			t.Fatal(err)
		}
		wantActivities(t, db, "session deleted")
		if _, err := prog.RecordOne(ctx, one.ID, "", programming.AttendanceInput{MemberID: keep, Attended: &yes}); err != nil {
			t.Fatal(err)
		}
		if err := prog.DeleteProgramme(ctx, p.ID, 0); err != nil {
			t.Fatal(err)
		}
		wantActivities(t, db, "programme deleted")
	})
}

// A session's first date edited to another start takes its people along,
// and their activities follow under the new date's name.
func TestAttendanceActivitiesFollowAnEditedStart(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
		w := newWorld(t, db, func() time.Time { return now })
		prog := w.a.Programming
		p, err := prog.CreateProgramme(ctx, programming.ProgrammeInput{Kind: programming.Workshop, Title: "Workshop"})
		if err != nil {
			t.Fatal(err)
		}
		x, err := prog.CreateSession(ctx, p.ID, programming.SessionInput{Start: "2026-03-02T10:00", End: "2026-03-02T12:00", TimeZone: "UTC"})
		if err != nil {
			t.Fatal(err)
		}
		yes := programming.AttendedYes
		if _, err := prog.RecordOne(ctx, x.ID, "", programming.AttendanceInput{MemberID: w.other.ID, Attended: &yes}); err != nil {
			t.Fatal(err)
		}
		if _, err := prog.EditSession(ctx, x.ID, 0, func(old programming.Session) (programming.SessionInput, error) {
			in := old.Input()
			in.Start, in.End = "2026-03-03T10:00", "2026-03-03T12:00"
			return in, nil
		}); err != nil {
			t.Fatal(err)
		}
		wantActivities(t, db, "start edited", fmt.Sprintf("%d attended_call 2026-03-03T10:00:00Z Workshop /sessions/%d/attendance %s",
			w.other.ID, x.ID, programming.ActivityID(x.ID, time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC).Unix(), w.other.ID)))
	})
}

// When both records of one person came to the same date, the merge leaves
// one activity for it, the kept member's, with the part either had; the
// dropped member's other activities move; the undo puts every row back.
func TestMergeKeepsOneAttendanceActivity(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
		w := newWorld(t, db, func() time.Time { return now })
		prog := w.a.Programming
		p, err := prog.CreateProgramme(ctx, programming.ProgrammeInput{Kind: programming.CommunityCall, Title: "Call"})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, day := range []string{"2026-03-03", "2026-03-10"} {
			x, err := prog.CreateSession(ctx, p.ID, programming.SessionInput{Start: day + "T16:00", End: day + "T17:00", TimeZone: "UTC"})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, x.ID)
		}
		keep, drop := w.keep.ID, w.drop.ID
		yes, speaker := programming.AttendedYes, programming.PartSpeaker
		for _, rec := range []struct {
			session int64
			in      programming.AttendanceInput
		}{
			{ids[0], programming.AttendanceInput{MemberID: keep, Attended: &yes}},
			{ids[0], programming.AttendanceInput{MemberID: drop, Attended: &yes, Role: &speaker}},
			{ids[1], programming.AttendanceInput{MemberID: drop, Attended: &yes}},
		} {
			if _, err := prog.RecordOne(ctx, rec.session, "", rec.in); err != nil {
				t.Fatal(err)
			}
		}
		before := dumpAll(t, db)
		if _, err := w.a.Members.Merge(ctx, keep, drop); err != nil {
			t.Fatal(err)
		}
		first, second := time.Date(2026, 3, 3, 16, 0, 0, 0, time.UTC), time.Date(2026, 3, 10, 16, 0, 0, 0, time.UTC)
		wantActivities(t, db, "merged",
			fmt.Sprintf("%d gave_talk 2026-03-03T16:00:00Z Call /sessions/%d/attendance %s", keep, ids[0], programming.ActivityID(ids[0], first.Unix(), keep)),
			fmt.Sprintf("%d attended_call 2026-03-10T16:00:00Z Call /sessions/%d/attendance %s", keep, ids[1], programming.ActivityID(ids[1], second.Unix(), keep)))
		history, err := w.a.Members.Merges(ctx, keep)
		if err != nil || len(history) != 1 {
			t.Fatalf("merges %v %v", history, err)
		}
		if _, _, err := w.a.Members.UndoMerge(ctx, history[0].ID); err != nil {
			t.Fatal(err)
		}
		after := dumpAll(t, db)
		for _, table := range []string{"activities", "session_attendance"} {
			if !slices.Equal(before[table], after[table]) {
				t.Errorf("%s after undo:\nbefore %v\nafter  %v", table, before[table], after[table])
			}
		}
	})
}

// Attendance recorded before it became activities gets them once, at
// start-up; a second start finds the mark and does nothing.
func TestBackfillAttendanceActivities(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
		w := newWorld(t, db, func() time.Time { return now })
		prog := *w.a.Programming
		prog.Activities = nil // as before this change
		p, err := prog.CreateProgramme(ctx, programming.ProgrammeInput{Kind: programming.CommunityCall, Title: "Call"})
		if err != nil {
			t.Fatal(err)
		}
		x, err := prog.CreateSession(ctx, p.ID, programming.SessionInput{Start: "2026-03-03T16:00", End: "2026-03-03T17:00", TimeZone: "UTC"})
		if err != nil {
			t.Fatal(err)
		}
		yes, host := programming.AttendedYes, programming.PartHost
		if _, err := prog.RecordAttendance(ctx, x.ID, "", []programming.AttendanceInput{{MemberID: w.keep.ID, Attended: &yes, Role: &host},
			{MemberID: w.other.ID}}); err != nil {
			t.Fatal(err)
		}
		wantActivities(t, db, "before the backfill")
		want := fmt.Sprintf("%d hosted_session 2026-03-03T16:00:00Z Call /sessions/%d/attendance %s", w.keep.ID, x.ID,
			programming.ActivityID(x.ID, time.Date(2026, 3, 3, 16, 0, 0, 0, time.UTC).Unix(), w.keep.ID))
		n, err := w.a.Programming.BackfillActivities(ctx)
		if err != nil || n != 1 {
			t.Fatalf("backfill: %d %v", n, err)
		}
		wantActivities(t, db, "backfilled", want)
		// Once only: a second run leaves even a hand-removed row alone.
		if _, err := db.Exec(ctx, "DELETE FROM activities WHERE source = 'programming'"); err != nil {
			t.Fatal(err)
		}
		if n, err := w.a.Programming.BackfillActivities(ctx); err != nil || n != 0 {
			t.Fatalf("second backfill: %d %v", n, err)
		}
		wantActivities(t, db, "second run")
	})
}

// app.Open runs the backfill: attendance written without activities
// (as before this change) has them after the next start.
func TestOpenBackfillsAttendanceActivities(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			cfg := config.Config{DB: storetest.DSN(t, d)}
			now := func() time.Time { return time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC) }
			a, err := app.Open(ctx, cfg, nil, now)
			if err != nil {
				t.Fatal(err)
			}
			prog := *a.Programming
			prog.Activities = nil
			m, err := a.Members.Create(ctx, members.Member{Name: "Ada Lovelace", Status: members.StatusActive})
			if err != nil {
				t.Fatal(err)
			}
			p, err := prog.CreateProgramme(ctx, programming.ProgrammeInput{Kind: programming.CommunityCall, Title: "Call"})
			if err != nil {
				t.Fatal(err)
			}
			x, err := prog.CreateSession(ctx, p.ID, programming.SessionInput{Start: "2026-03-03T16:00", End: "2026-03-03T17:00", TimeZone: "UTC"})
			if err != nil {
				t.Fatal(err)
			}
			yes := programming.AttendedYes
			if _, err := prog.RecordOne(ctx, x.ID, "", programming.AttendanceInput{MemberID: m.ID, Attended: &yes}); err != nil {
				t.Fatal(err)
			}
			// A database from before this change has no mark either.
			if _, err := a.DB.Exec(ctx, "DELETE FROM settings WHERE key LIKE 'programming.%'"); err != nil {
				t.Fatal(err)
			}
			wantActivities(t, a.DB, "before the start")
			a.Close()
			if a, err = app.Open(ctx, cfg, nil, now); err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			wantActivities(t, a.DB, "after the start", fmt.Sprintf("%d attended_call 2026-03-03T16:00:00Z Call /sessions/%d/attendance %s",
				m.ID, x.ID, programming.ActivityID(x.ID, time.Date(2026, 3, 3, 16, 0, 0, 0, time.UTC).Unix(), m.ID)))
		})
	}
}
