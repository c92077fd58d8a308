package imports

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/store"
)

// Attendance imports (a Zoom participant report, an Eventbrite attendee
// export, a Meetup member list) bring people in and put them on the list
// of one date of a programme's session, through programming, so every
// entry marked as attended keeps its activity and the member's standing in
// step, in the run's transaction.
//
// What an import writes on a list, and what it leaves:
//   - someone not on the list is added: attended when the file says they
//     came, registered (not recorded yet) when it only says they signed
//     up, with the file's details (minutes, ticket) as the note;
//   - someone already on it is marked as attended when the file says they
//     came; an import never lowers what is recorded (a "did not attend" a
//     manager set stays only if the file says nothing of them coming), a
//     speaker or host stays one, an attendee the file names as host
//     becomes the host, and a note a manager wrote is kept;
//   - a date that was cancelled, or has not started yet, refuses a file
//     saying people came to it (naming the first such line); sign-ups
//     for a coming date are welcome.
//
// The same file twice changes nothing. Each entry a run adds or changes is
// kept in import_attendance with what it was before, and the run's undo
// puts it back (removing what it added, and the activities with it),
// refused when a later import or a manager changed the entry since.

// AttendanceImporter is an Importer whose files are the attendance of one
// date of a session: a run of it needs Options.Session.
type AttendanceImporter interface {
	Importer
	// ForSession marks the kind; it does nothing.
	ForSession()
}

// Attendance is what a record says of the person at the session.
type Attendance struct {
	// Came: the file says they were there (in the Zoom call, checked in).
	Came bool
	// LastAttended is the date ("2006-01-02") of the last event of the
	// group they came to (Meetup's member list): they came when it is
	// the date of the session imported to.
	LastAttended string
	// Registered: they signed up (a ticket, an RSVP) without the file
	// saying they came.
	Registered bool
	// Host: the file names them as the host.
	Host bool
	// Minutes they were there, summed over every time they joined (0 when
	// the file does not say).
	Minutes int
	// Joined and Left are their first join and last leave, when given.
	Joined, Left time.Time
	// Note says where the entry came from and what the file adds
	// ("Eventbrite: General Admission, order 1234"); minutes and times are
	// added to it.
	Note string
}

// attending is the date of a session a run writes attendance on.
type attending struct {
	prog    *programming.Service
	session int64
	at      string
	occ     programming.Occurrence
	locked  bool // occ was read, and the session locked, in the run's transaction
}

// attendanceFor checks the session an attendance kind's run writes to
// (from o, or saved with the upload) and keeps it with the run; nil for
// other kinds. Invalid naming "session" when it is missing or unknown, or
// "occurrence".
func (s *Service) attendanceFor(ctx context.Context, runID int64, imp Importer, o Options) (*attending, error) {
	if _, ok := imp.(AttendanceImporter); !ok {
		return nil, nil
	}
	if o.Session == 0 {
		err := s.DB.QueryRow(ctx, "SELECT session_id, occurrence FROM import_sessions WHERE run_id = ?", runID).Scan(&o.Session, &o.Occurrence)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, store.Wrap(err, "Could not load the import's session.")
		}
	}
	if o.Session <= 0 {
		return nil, &apperr.Error{Code: apperr.Invalid, Message: "session: is required: name the session this file is the attendance of.",
			Fields: map[string]string{"session": "is required"}}
	}
	if s.Programming == nil {
		return nil, apperr.New(apperr.Invalid, "This installation cannot record attendance.")
	}
	occ, err := s.Programming.Occurrence(ctx, o.Session, o.Occurrence)
	var ae *apperr.Error
	if errors.As(err, &ae) && ae.Code == apperr.NotFound {
		return nil, &apperr.Error{Code: apperr.Invalid, Message: fmt.Sprintf("session: there is no session %d.", o.Session),
			Fields: map[string]string{"session": "does not exist"}}
	}
	if err != nil {
		return nil, err
	}
	if err := s.SetSession(ctx, runID, o.Session, occ.OccurrenceName()); err != nil {
		return nil, err
	}
	return &attending{prog: s.Programming, session: o.Session, at: o.Occurrence}, nil
}

// SetSession saves, for run id, the session (and date of a series:
// occurrence, "" for a single session) its file is the attendance of.
func (s *Service) SetSession(ctx context.Context, id, session int64, occurrence string) error {
	_, err := s.DB.Exec(ctx, `INSERT INTO import_sessions (run_id, session_id, occurrence) VALUES (?, ?, ?)
		ON CONFLICT (run_id) DO UPDATE SET session_id = excluded.session_id, occurrence = excluded.occurrence`, id, session, occurrence)
	return store.Wrap(err, "Could not keep the import's session.")
}

// Session returns the session (and date) run id's file is the attendance
// of; 0 when it has none.
func (s *Service) Session(ctx context.Context, id int64) (int64, string, error) {
	var session int64
	var occ string
	err := s.DB.QueryRow(ctx, "SELECT session_id, occurrence FROM import_sessions WHERE run_id = ?", id).Scan(&session, &occ)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	return session, occ, store.Wrap(err, "Could not load the import's session.")
}

// AttendanceWritten counts the list entries run id added or changed.
func (s *Service) AttendanceWritten(ctx context.Context, id int64) (int, error) {
	var n int
	err := s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM import_attendance WHERE run_id = ?", id).Scan(&n)
	return n, store.Wrap(err, "Could not count the import's attendance.")
}

// refuseRun records run id as failed for err, a problem with the run's
// options found before its file was read, and returns it with err.
func (s *Service) refuseRun(ctx context.Context, id int64, fileName string, err error) (Run, error) {
	reason := "The import could not start: " + err.Error()
	var ae *apperr.Error
	if errors.As(err, &ae) {
		reason = ae.Message
	}
	rerr := s.record(context.WithoutCancel(ctx), id, Failed, false, Counts{},
		[]Issue{{File: fileName, Kind: IssueRefused, Field: "session", Message: reason}}, reason)
	run, gerr := s.Get(context.WithoutCancel(ctx), id)
	if rerr != nil || gerr != nil {
		slog.Default().Error("import refusal not recorded", slog.Int64("run", id), slog.Any("err", errors.Join(rerr, gerr)))
	}
	return run, err
}

// presence is what the records of one batch say of one member.
type presence struct {
	line                   int
	came, registered, host bool
	minutes                int
	joined, left           time.Time
	note                   string
}

const dateLayout = "2006-01-02"

// attend writes the attendance of a batch's placed records (ids, from
// placed) on the run's date.
func (l *loader) attend(ctx context.Context, batch []Record, ids []int64) error {
	a := l.att
	if a == nil {
		return nil
	}
	if !a.locked {
		o, err := a.prog.OccurrenceTx(ctx, l.tx, a.session, a.at)
		if err != nil {
			return err
		}
		a.occ, a.locked = o, true
	}
	day := a.occ.Start.Format(dateLayout)
	byMember := map[int64]*presence{}
	var order []int64
	for i, rec := range batch {
		at := rec.Attendance
		if at == nil || ids[i] == 0 {
			continue
		}
		came := at.Came || (at.LastAttended != "" && at.LastAttended == day)
		if !came && !at.Registered {
			continue
		}
		if came {
			when := a.occ.Start.Format("Mon 2 Jan 2006 15:04 MST")
			switch {
			case a.occ.Cancelled:
				return &FileError{File: l.file, Line: rec.Line, Reason: fmt.Sprintf("the session %q on %s was cancelled: nobody can have attended it", a.occ.Title, when)}
			case a.occ.Start.After(l.now):
				return &FileError{File: l.file, Line: rec.Line, Reason: fmt.Sprintf("the session %q on %s has not started yet: import who came once it has", a.occ.Title, when)}
			}
		}
		p, ok := byMember[ids[i]]
		if !ok {
			p = &presence{line: rec.Line, note: at.Note}
			byMember[ids[i]] = p
			order = append(order, ids[i])
		}
		p.came, p.registered, p.host = p.came || came, p.registered || at.Registered, p.host || at.Host
		p.minutes += at.Minutes
		if !at.Joined.IsZero() && (p.joined.IsZero() || at.Joined.Before(p.joined)) {
			p.joined = at.Joined
		}
		if at.Left.After(p.left) {
			p.left = at.Left
		}
	}
	if len(order) == 0 {
		return nil
	}
	key := a.occ.Key().Start
	current, err := programming.EntriesTx(ctx, l.tx, a.session, key, order)
	if err != nil {
		return err
	}
	var put []programming.Entry
	for _, id := range order {
		p := byMember[id]
		cur, had := current[id]
		next := cur
		if !had {
			next = programming.Entry{MemberID: id, Role: programming.PartAttendee, Attended: programming.AttendedUnknown, RegisteredAt: l.now}
		}
		if p.host && next.Role == programming.PartAttendee {
			next.Role = programming.PartHost
		}
		if p.came {
			next.Attended = programming.AttendedYes
		}
		if next.Note == "" {
			next.Note = p.describe()
		}
		switch {
		case !had:
			l.counts.AttendanceAdded++
		case next.Role == cur.Role && next.Attended == cur.Attended && next.Note == cur.Note:
			l.counts.AttendanceUnchanged++
			continue
		default:
			l.counts.AttendanceChanged++
		}
		next.UpdatedAt = l.now
		put = append(put, next)
		// The first change of an entry in a run keeps what it was before;
		// a later one only moves what the run left on.
		if _, err := l.tx.Exec(ctx, `INSERT INTO import_attendance (run_id, session_id, occurrence_start, member_id, existed,
			role_before, attended_before, note_before, registered_before, updated_before, role_after, attended_after, note_after)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (run_id, session_id, occurrence_start, member_id) DO UPDATE SET
			role_after = excluded.role_after, attended_after = excluded.attended_after, note_after = excluded.note_after`,
			l.runID, a.session, key, id, had, string(cur.Role), string(cur.Attended), cur.Note, unixOf(cur.RegisteredAt), unixOf(cur.UpdatedAt),
			string(next.Role), string(next.Attended), next.Note); err != nil {
			return err
		}
	}
	return a.prog.PutEntriesTx(ctx, l.tx, a.session, key, put, nil)
}

func unixOf(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// maxNote is programming's bound on an entry's note.
const maxNote = 500

// describe is the note of a new entry: the file's own, then the minutes
// and times as the file gives them (a wall clock in a zone it may not
// name).
func (p *presence) describe() string {
	parts := []string{}
	if p.note != "" {
		parts = append(parts, p.note)
	}
	if p.minutes > 0 {
		parts = append(parts, fmt.Sprintf("%d min", p.minutes))
	}
	if !p.joined.IsZero() && !p.left.IsZero() {
		parts = append(parts, fmt.Sprintf("joined %s, left %s", p.joined.Format("15:04"), p.left.Format("15:04")))
	}
	note := strings.ToValidUTF8(strings.Join(parts, "; "), "")
	if utf8.RuneCountInString(note) > maxNote {
		note = string([]rune(note)[:maxNote-1]) + "…"
	}
	return note
}

// undoAttendance puts back the list entries run id added or changed:
// those it added are removed (with their activities), those it changed get
// back what they had. Conflict when a later import wrote the same entries,
// or someone changed one since.
func (s *Service) undoAttendance(ctx context.Context, tx *store.Tx, id int64) error {
	var later int64
	err := tx.QueryRow(ctx, `SELECT COALESCE(MIN(b.run_id), 0) FROM import_attendance a
		JOIN import_attendance b ON b.session_id = a.session_id AND b.occurrence_start = a.occurrence_start
			AND b.member_id = a.member_id AND b.run_id > a.run_id
		JOIN import_runs r ON r.id = b.run_id AND r.status = 'done'
		WHERE a.run_id = ?`, id).Scan(&later)
	if err != nil {
		return err
	}
	if later != 0 {
		return apperr.New(apperr.Conflict, "Import %d changed the same attendance since: undo it first.", later)
	}
	rows, err := tx.Query(ctx, `SELECT session_id, occurrence_start, member_id, existed, role_before, attended_before, note_before,
		registered_before, updated_before, role_after, attended_after, note_after
		FROM import_attendance WHERE run_id = ? ORDER BY session_id, occurrence_start, member_id`, id)
	if err != nil {
		return err
	}
	type change struct {
		existed       bool
		before, after programming.Entry
	}
	type date struct{ session, occ int64 }
	var dates []date
	changes := map[date][]change{}
	for rows.Next() {
		var d date
		var c change
		var reg, upd int64
		if err := rows.Scan(&d.session, &d.occ, &c.before.MemberID, &c.existed, &c.before.Role, &c.before.Attended, &c.before.Note,
			&reg, &upd, &c.after.Role, &c.after.Attended, &c.after.Note); err != nil {
			rows.Close()
			return err
		}
		c.before.RegisteredAt, c.before.UpdatedAt = store.UnixTime(reg), store.UnixTime(upd)
		c.after.MemberID = c.before.MemberID
		if _, ok := changes[d]; !ok {
			dates = append(dates, d)
		}
		changes[d] = append(changes[d], c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(dates) == 0 {
		return nil
	}
	if s.Programming == nil {
		return apperr.New(apperr.Invalid, "This installation cannot change attendance: the import's cannot be undone here.")
	}
	for _, d := range dates {
		var ids []int64
		for _, c := range changes[d] {
			ids = append(ids, c.before.MemberID)
		}
		current, err := programming.EntriesTx(ctx, tx, d.session, d.occ, ids)
		if err != nil {
			return err
		}
		var restore []programming.Entry
		var gone, changed []int64
		for _, c := range changes[d] {
			cur, ok := current[c.after.MemberID]
			if !ok || cur.Role != c.after.Role || cur.Attended != c.after.Attended || cur.Note != c.after.Note {
				changed = append(changed, c.after.MemberID)
				continue
			}
			if c.existed {
				restore = append(restore, c.before)
			} else {
				gone = append(gone, c.after.MemberID)
			}
		}
		if len(changed) > 0 {
			who, err := names(ctx, tx, "SELECT id, name FROM members WHERE id IN ("+store.Placeholders(min(5, len(changed)))+") ORDER BY id",
				store.Args(changed[:min(5, len(changed))])...)
			if err != nil {
				return err
			}
			return apperr.New(apperr.Conflict, "The attendance this import recorded for session %d has changed since (%s): undoing it would lose those changes.",
				d.session, strings.Join(who, ", "))
		}
		slices.Sort(gone)
		if err := s.Programming.PutEntriesTx(ctx, tx, d.session, d.occ, restore, gone); err != nil {
			return err
		}
	}
	// Taken back: nothing is left to undo, nor to stand in a later
	// undo's way.
	_, err = tx.Exec(ctx, "DELETE FROM import_attendance WHERE run_id = ?", id)
	return err
}

// MemberTables are the imports' tables with rows belonging to members, for
// members.Service.MergeTables: a merge records an attendance import's log
// of the member it removes, and its undo puts the log back, so the
// import's own undo still finds what it wrote.
var MemberTables = []members.MemberTable{
	{Name: "import_attendance", MemberColumns: []string{"member_id"}, Key: []string{"run_id", "session_id", "occurrence_start", "member_id"}, Grows: true},
}
