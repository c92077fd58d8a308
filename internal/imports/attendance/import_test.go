package attendance_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/config"
	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// The fixture's clock: a week after the community call of 3 March 2026.
var fixed = time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)

var ctx = audit.WithActor(context.Background(), audit.Actor{Name: "test"})

type world struct {
	t       *testing.T
	a       *app.App
	db      *store.DB
	session int64 // a single call, Tue 3 March 2026 16:00-17:00 Berlin
}

func newWorld(t *testing.T, db *store.DB) *world {
	t.Helper()
	a := app.New(config.Config{}, db, time.UTC, nil, func() time.Time { return fixed })
	w := &world{t: t, a: a, db: db}
	w.session = w.newSession("2026-03-03T16:00", "2026-03-03T17:00", "")
	return w
}

func (w *world) newSession(start, end string, status programming.SessionStatus) int64 {
	w.t.Helper()
	p, err := w.a.Programming.CreateProgramme(ctx, programming.ProgrammeInput{Kind: programming.CommunityCall, Title: "Community call " + start})
	if err != nil {
		w.t.Fatal(err)
	}
	x, err := w.a.Programming.CreateSession(ctx, p.ID, programming.SessionInput{Start: start, End: end, TimeZone: "Europe/Berlin", Status: status})
	if err != nil {
		w.t.Fatal(err)
	}
	return x.ID
}

func (w *world) importFile(kind, name string, session int64) (imports.Run, error) {
	w.t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		w.t.Fatal(err)
	}
	return w.a.Imports.Import(ctx, kind, name, bytes.NewReader(data), imports.Options{Session: session})
}

func (w *world) mustImport(kind, name string) imports.Run {
	w.t.Helper()
	run, err := w.importFile(kind, name, w.session)
	if err != nil {
		w.t.Fatalf("import %s: %v", name, err)
	}
	if run.Status != imports.Done {
		w.t.Fatalf("import %s: status %s (%s)", name, run.Status, run.Error)
	}
	return run
}

// list is the session's list as "name: role attended [note]", by name.
func (w *world) list(session int64) []string {
	w.t.Helper()
	att, err := w.a.Programming.GetAttendance(ctx, session, "")
	if err != nil {
		w.t.Fatal(err)
	}
	var out []string
	for _, p := range att.People {
		out = append(out, fmt.Sprintf("%s: %s %s [%s]", p.Name, p.Role, p.Attended, p.Note))
	}
	slices.Sort(out)
	return out
}

func (w *world) count(query string, args ...any) int {
	w.t.Helper()
	var n int
	if err := w.db.QueryRow(ctx, query, args...).Scan(&n); err != nil {
		w.t.Fatalf("%s: %v", query, err)
	}
	return n
}

// snapshot is what an import may change, as text.
func (w *world) snapshot() string {
	w.t.Helper()
	var b strings.Builder
	for _, q := range []string{
		"SELECT COUNT(*) FROM members", "SELECT COUNT(*) FROM member_emails", "SELECT COUNT(*) FROM member_identities",
		"SELECT COUNT(*) FROM session_attendance", "SELECT COUNT(*) FROM activities", "SELECT COUNT(*) FROM import_attendance",
		"SELECT COALESCE(SUM(LENGTH(note)), 0) FROM session_attendance",
		"SELECT COUNT(*) FROM session_attendance WHERE attended = 'yes'",
	} {
		fmt.Fprintf(&b, "%s = %d\n", q, w.count(q))
	}
	return b.String()
}

func same(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got  %q\n want %q", what, got, want)
	}
}

func TestImportZoom(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		// Ada is already a member, registered for the call with a note a
		// manager wrote: the import marks her as having come, keeps the
		// note, and its undo puts her entry back as it was.
		ada, err := w.a.Members.Create(ctx, members.Member{Name: "Ada Lovelace", Emails: []members.Email{{Address: "ada@example.org", Primary: true}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.Programming.RecordOne(ctx, w.session, "", programming.AttendanceInput{MemberID: ada.ID, Note: ptr("Asked for captions")}); err != nil {
			t.Fatal(err)
		}
		before, beforeList := w.snapshot(), w.list(w.session)

		run := w.mustImport("zoom", "zoom_participants_bom_crlf.csv")
		if want := (imports.Counts{Rows: 5, Created: 4, Unchanged: 1, AttendanceAdded: 3, AttendanceChanged: 1}); run.Counts != want {
			t.Errorf("counts %+v, want %+v", run.Counts, want)
		}
		same(t, "list after the import", w.list(w.session), []string{
			"Ada Lovelace: attendee yes [Asked for captions]",
			"Grace Hopper: attendee yes [Zoom; 61 min; joined 16:00, left 17:01]",
			"Zoë 🌱 Müller: attendee yes [Zoom; 40 min; joined 16:10, left 16:50]",
			"李小龙: attendee yes [Zoom; 40 min; joined 16:05, left 16:45]",
		})
		if n := w.count("SELECT COUNT(*) FROM activities WHERE source = 'programming' AND kind = 'attended_call'"); n != 4 {
			t.Errorf("%d attendance activities, want 4", n)
		}
		if n := w.count("SELECT COUNT(*) FROM members WHERE name = 'Waiting Wanda'"); n != 1 {
			t.Errorf("someone only in the waiting room: %d members, want 1 (a member, not on the list)", n)
		}
		if n, err := w.a.Imports.AttendanceWritten(ctx, run.ID); err != nil || n != 4 {
			t.Errorf("attendance written = %d, %v; want 4", n, err)
		}

		// The same file twice changes nothing.
		after := w.snapshot()
		again := w.mustImport("zoom", "zoom_participants_bom_crlf.csv")
		if want := (imports.Counts{Rows: 5, Unchanged: 5, AttendanceUnchanged: 4}); again.Counts != want {
			t.Errorf("re-import counts %+v, want %+v", again.Counts, want)
		}
		if got := w.snapshot(); got != after {
			t.Errorf("re-import changed the database:\n%s\nwant\n%s", got, after)
		}

		// The first run cannot be undone before the second, which read
		// the same members; then it takes everything back.
		if _, err := w.a.Imports.Undo(ctx, again.ID); err != nil {
			t.Fatalf("undo the re-import: %v", err)
		}
		if _, err := w.a.Imports.Undo(ctx, run.ID); err != nil {
			t.Fatalf("undo: %v", err)
		}
		same(t, "list after the undo", w.list(w.session), beforeList)
		if n := w.count("SELECT COUNT(*) FROM activities"); n != 0 {
			t.Errorf("%d activities left after the undo", n)
		}
		if got := w.snapshot(); got != before {
			t.Errorf("after the undo:\n%s\nwant\n%s", got, before)
		}
	})
}

func TestImportZoomSummaryHost(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		w.mustImport("zoom", "zoom_with_summary.csv")
		same(t, "list", w.list(w.session), []string{
			"Ada Lovelace: attendee yes [Zoom; 60 min; joined 15:58, left 16:58]",
			"Hana Host: host yes [Zoom; 67 min; joined 15:55, left 17:02]",
			`Ngozi "Zee" Okafor: attendee yes [Zoom; 30 min; joined 16:00, left 16:30]`,
		})
		if n := w.count("SELECT COUNT(*) FROM activities WHERE kind = 'hosted_session'"); n != 1 {
			t.Errorf("%d hosted_session activities, want 1", n)
		}
	})
}

func TestImportEventbrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		run := w.mustImport("eventbrite", "eventbrite_attendees.csv")
		if want := (imports.Counts{Rows: 5, Created: 3, Merged: 1, Refused: 1, AttendanceAdded: 3}); run.Counts != want {
			t.Errorf("counts %+v, want %+v", run.Counts, want)
		}
		same(t, "list", w.list(w.session), []string{
			"Ada Lovelace: attendee yes [Eventbrite: General Admission, order 1234567890]",
			"José Núñez: attendee yes [Eventbrite: General Admission, order 1234567891]",
			"Мария Иванова: attendee unknown [Eventbrite: Speaker, order 1234567893]",
		})
		issues, err := w.a.Imports.Issues(ctx, run.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(issues, func(i imports.Issue) bool {
			return i.Kind == imports.IssueRefused && i.Line == 5 && strings.Contains(i.Message, `"Not Attending"`)
		}) {
			t.Errorf("the refunded ticket on line 5 is not refused by name: %+v", issues)
		}
		if n := w.count("SELECT COUNT(*) FROM members WHERE affiliation = 'Universidad de Sevilla, Dpto. 🌍'"); n != 1 {
			t.Errorf("custom question Company: %d members with it, want 1", n)
		}
		after := w.snapshot()
		w.mustImport("eventbrite", "eventbrite_attendees.csv")
		if got := w.snapshot(); got != after {
			t.Errorf("re-import changed the database:\n%s\nwant\n%s", got, after)
		}
	})
}

func TestImportMeetup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		run := w.mustImport("meetup", "meetup_members.csv")
		// The two Adas share a name: each is put in the review queue.
		if want := (imports.Counts{Rows: 4, Created: 4, Review: 2, AttendanceAdded: 2}); run.Counts != want {
			t.Errorf("counts %+v, want %+v", run.Counts, want)
		}
		// Two members called Ada Lovelace are two people (two member ids);
		// the one who last came in February did not come to this call.
		same(t, "list", w.list(w.session), []string{
			"Ada Lovelace: attendee yes [Meetup]",
			"Ada Lovelace: attendee yes [Meetup]",
		})
		after := w.snapshot()
		again := w.mustImport("meetup", "meetup_members.csv")
		if want := (imports.Counts{Rows: 4, Unchanged: 4, AttendanceUnchanged: 2}); again.Counts != want {
			t.Errorf("re-import counts %+v, want %+v", again.Counts, want)
		}
		if got := w.snapshot(); got != after {
			t.Errorf("re-import changed the database:\n%s\nwant\n%s", got, after)
		}
		// The event's RSVPs: Ada (101) hosted; a yes is registered; a no
		// is a member only.
		rsvp := w.mustImport("meetup", "meetup_rsvps.csv")
		if want := (imports.Counts{Rows: 3, Created: 1, Unchanged: 2, AttendanceAdded: 1, AttendanceChanged: 1}); rsvp.Counts != want {
			t.Errorf("RSVP counts %+v, want %+v", rsvp.Counts, want)
		}
		same(t, "list after the RSVPs", w.list(w.session), []string{
			"Ada Lovelace: attendee yes [Meetup]",
			"Ada Lovelace: host yes [Meetup]",
			"Emoji Person 🎉: attendee unknown [Meetup]",
		})
		// Undoing the member list first is refused: the RSVP list changed
		// the same entry since.
		_, err := w.a.Imports.Undo(ctx, again.ID)
		if err != nil {
			t.Fatalf("undo the re-import (it wrote nothing): %v", err)
		}
		_, err = w.a.Imports.Undo(ctx, run.ID)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.Conflict {
			t.Errorf("undo under a later import: %v, want a conflict", err)
		}
	})
}

func TestImportRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		future := w.newSession("2026-04-07T16:00", "2026-04-07T17:00", "")
		cancelled := w.newSession("2026-03-02T16:00", "2026-03-02T17:00", programming.SessionCancelled)
		before := w.snapshot()
		cases := []struct {
			name, kind, file string
			session          int64
			want             string // in the error
			line             int    // the FileError's line, 0 for an invalid option
		}{
			{"no session", "zoom", "zoom_with_summary.csv", 0, "session: is required", 0},
			{"unknown session", "zoom", "zoom_with_summary.csv", 99999, "there is no session 99999", 0},
			{"future session", "zoom", "zoom_with_summary.csv", future, "has not started yet", 5},
			{"cancelled session", "zoom", "zoom_participants_bom_crlf.csv", cancelled, "was cancelled", 2},
			{"broken quote", "zoom", "zoom_broken_quote.csv", w.session, "quote", 3},
			{"missing columns", "zoom", "zoom_missing_columns.csv", w.session, `no "Name (Original Name)" or "User Email" column`, 1},
			{"eventbrite without status", "eventbrite", "meetup_rsvps.csv", w.session, `no "Attendee Status" or "Checked In" column`, 1},
			{"meetup without ids", "meetup", "eventbrite_attendees.csv", w.session, `no "Member ID" or "User ID" column`, 1},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				run, err := w.importFile(c.kind, c.file, c.session)
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Fatalf("error %v, want one saying %q", err, c.want)
				}
				var fe *imports.FileError
				if c.line > 0 && (!errors.As(err, &fe) || fe.Line != c.line || fe.File != c.file) {
					t.Errorf("error %#v, want a FileError naming %s line %d", err, c.file, c.line)
				}
				if run.Status != imports.Failed || run.Error == "" {
					t.Errorf("run %s (%q), want failed saying why", run.Status, run.Error)
				}
				if got := w.snapshot(); got != before {
					t.Errorf("a refused file changed the database:\n%s\nwant\n%s", got, before)
				}
			})
		}
	})
}

// A series' date is named by its start; without it the file is refused.
func TestImportSeriesDate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		p, err := w.a.Programming.CreateProgramme(ctx, programming.ProgrammeInput{Kind: programming.CommunityCall, Title: "Monthly call"})
		if err != nil {
			t.Fatal(err)
		}
		x, err := w.a.Programming.CreateSession(ctx, p.ID, programming.SessionInput{Start: "2026-01-06T16:00", End: "2026-01-06T17:00",
			TimeZone: "Europe/Berlin", RRule: "FREQ=MONTHLY;BYDAY=1TU"})
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join("testdata", "zoom_with_summary.csv"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.Imports.Import(ctx, "zoom", "z.csv", bytes.NewReader(data), imports.Options{Session: x.ID}); err == nil || !strings.Contains(err.Error(), "this session repeats") {
			t.Errorf("a series without its date: %v, want refused", err)
		}
		run, err := w.a.Imports.Import(ctx, "zoom", "z.csv", bytes.NewReader(data), imports.Options{Session: x.ID, Occurrence: "2026-03-03T16:00"})
		if err != nil || run.Status != imports.Done {
			t.Fatalf("import: %v (%s)", err, run.Error)
		}
		att, err := w.a.Programming.GetAttendance(ctx, x.ID, "2026-03-03T16:00")
		if err != nil {
			t.Fatal(err)
		}
		if att.Attended != 3 {
			t.Errorf("%d attended on 3 March, want 3", att.Attended)
		}
		if n := w.count("SELECT COUNT(*) FROM session_attendance WHERE session_id = ?", x.ID); n != 3 {
			t.Errorf("%d entries in the series, want 3 (all on one date)", n)
		}
	})
}

func ptr[T any](v T) *T { return &v }
