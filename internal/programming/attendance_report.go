package programming

import (
	"context"
	"slices"
	"time"

	"github.com/trellis-community/trellis/internal/store"
)

// MemberOccurrence is one occurrence a member was on the list of, for
// their timeline.
type MemberOccurrence struct {
	Occurrence
	Role     Part     `json:"role"`
	Attended Attended `json:"attended"`
}

// MemberAttendance lists the occurrences member memberID registered for
// or came to, latest first, at most limit, and whether there are more. It
// reads one query over the member's index, so a profile stays fast.
func (s *Service) MemberAttendance(ctx context.Context, memberID int64, limit int) ([]MemberOccurrence, bool, error) {
	rows, err := s.DB.Query(ctx, `SELECT a.session_id, a.occurrence_start, a.role, a.attended,
			s.programme_id, p.title, s.title, s.starts_at, s.ends_at, s.time_zone, s.rrule, s.status,
			COALESCE(e.action, ''), COALESCE(e.starts_at, 0), COALESCE(e.ends_at, 0)
		FROM session_attendance a
		JOIN programme_sessions s ON s.id = a.session_id
		JOIN programmes p ON p.id = s.programme_id
		LEFT JOIN session_exceptions e ON e.session_id = a.session_id AND e.original_start = a.occurrence_start
		WHERE a.member_id = ? ORDER BY a.occurrence_start DESC, a.session_id DESC LIMIT ?`, memberID, limit+1)
	if err != nil {
		return nil, false, store.Wrap(err, "Could not load the member's attendance.")
	}
	defer rows.Close()
	out := []MemberOccurrence{}
	for rows.Next() {
		var m MemberOccurrence
		var key, start, end, movedStart, movedEnd int64
		var rule, action string
		var status SessionStatus
		if err := rows.Scan(&m.SessionID, &key, &m.Role, &m.Attended, &m.ProgrammeID, &m.Programme, &m.Title,
			&start, &end, &m.TimeZone, &rule, &status, &action, &movedStart, &movedEnd); err != nil {
			return nil, false, store.Wrap(err, "Could not load the member's attendance.")
		}
		loc := zone(m.TimeZone)
		if m.Title == "" {
			m.Title = m.Programme
		}
		m.Start, m.End = time.Unix(key, 0).In(loc), time.Unix(key+end-start, 0).In(loc)
		if rule != "" {
			orig := m.Start
			m.OriginalStart = &orig
		}
		switch Action(action) {
		case Move:
			m.Start, m.End, m.Moved = time.Unix(movedStart, 0).In(loc), time.Unix(movedEnd, 0).In(loc), true
		case CancelOne:
			m.Cancelled = true
		}
		m.Cancelled = m.Cancelled || status == SessionCancelled
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, false, store.Wrap(err, "Could not load the member's attendance.")
	}
	more := len(out) > limit
	out = out[:min(len(out), limit)]
	slices.SortStableFunc(out, func(a, b MemberOccurrence) int { return b.Start.Compare(a.Start) })
	return out, more, nil
}

// Counts are an occurrence's numbers: everyone on its list, and those who
// came.
type Counts struct {
	Registered int `json:"registered"`
	Attended   int `json:"attended"`
}

// OccurrenceKey names one occurrence for counts: the session and the
// instant that names the occurrence (original start, or a single
// session's start), in Unix seconds.
type OccurrenceKey struct {
	SessionID int64
	Start     int64
}

// Key is the OccurrenceKey of o.
func (o Occurrence) Key() OccurrenceKey { return OccurrenceKey{o.SessionID, o.key()} }

// ProgrammeAttendance counts the list of every occurrence of programme
// id's sessions, and how many different members came to any of them.
func (s *Service) ProgrammeAttendance(ctx context.Context, id int64) (map[OccurrenceKey]Counts, int, error) {
	rows, err := s.DB.Query(ctx, `SELECT a.session_id, a.occurrence_start, COUNT(*),
			SUM(CASE WHEN a.attended = 'yes' THEN 1 ELSE 0 END)
		FROM session_attendance a JOIN programme_sessions s ON s.id = a.session_id
		WHERE s.programme_id = ? GROUP BY a.session_id, a.occurrence_start`, id)
	if err != nil {
		return nil, 0, store.Wrap(err, "Could not count the attendance.")
	}
	defer rows.Close()
	out := map[OccurrenceKey]Counts{}
	for rows.Next() {
		var k OccurrenceKey
		var c Counts
		if err := rows.Scan(&k.SessionID, &k.Start, &c.Registered, &c.Attended); err != nil {
			return nil, 0, store.Wrap(err, "Could not count the attendance.")
		}
		out[k] = c
	}
	if err := rows.Err(); err != nil {
		return nil, 0, store.Wrap(err, "Could not count the attendance.")
	}
	rows.Close()
	var people int
	err = s.DB.QueryRow(ctx, `SELECT COUNT(DISTINCT a.member_id) FROM session_attendance a
		JOIN programme_sessions s ON s.id = a.session_id WHERE s.programme_id = ? AND a.attended = 'yes'`, id).Scan(&people)
	return out, people, store.Wrap(err, "Could not count the attendance.")
}

// AttendanceByProgramme is the reach of each programme in [from, to):
// how many attendances (people marked as having come; one person at three
// calls counts three times) its occurrences taking place in the period
// had, by programme id. Programmes nobody came to are absent. For the
// content and programming audit.
func (s *Service) AttendanceByProgramme(ctx context.Context, from, to time.Time) (map[int64]int, error) {
	return s.reach(ctx, from, to, "COUNT(*)")
}

// PeopleByProgramme is like AttendanceByProgramme but counts different
// members: someone at three calls counts once.
func (s *Service) PeopleByProgramme(ctx context.Context, from, to time.Time) (map[int64]int, error) {
	return s.reach(ctx, from, to, "COUNT(DISTINCT a.member_id)")
}

func (s *Service) reach(ctx context.Context, from, to time.Time, count string) (map[int64]int, error) {
	// A moved occurrence takes place at its new start; others at the one
	// that names them.
	rows, err := s.DB.Query(ctx, `SELECT s.programme_id, `+count+`
		FROM session_attendance a
		JOIN programme_sessions s ON s.id = a.session_id
		LEFT JOIN session_exceptions e ON e.session_id = a.session_id AND e.original_start = a.occurrence_start AND e.action = 'move'
		WHERE a.attended = 'yes'
			AND COALESCE(e.starts_at, a.occurrence_start) >= ? AND COALESCE(e.starts_at, a.occurrence_start) < ?
		GROUP BY s.programme_id`, from.Unix(), to.Unix())
	if err != nil {
		return nil, store.Wrap(err, "Could not count the attendance.")
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, store.Wrap(err, "Could not count the attendance.")
		}
		out[id] = n
	}
	return out, store.Wrap(rows.Err(), "Could not count the attendance.")
}

// Regular is a member who often comes to a programme.
type Regular struct {
	MemberID    int64  `json:"member_id"`
	Name        string `json:"name"`
	Affiliation string `json:"affiliation"`
	Times       int    `json:"times"` // occurrences they came to
}

// Regulars are the members who came most often to the sessions of o's
// programme, most often first, at most limit: the people a manager ticks
// after a call. Those already on o's list, and archived members, are left
// out.
func (s *Service) Regulars(ctx context.Context, o Occurrence, limit int) ([]Regular, error) {
	rows, err := s.DB.Query(ctx, `SELECT a.member_id, m.name, m.affiliation, COUNT(*) AS times
		FROM session_attendance a
		JOIN programme_sessions s ON s.id = a.session_id
		JOIN members m ON m.id = a.member_id
		WHERE s.programme_id = ? AND a.attended = 'yes' AND m.archived_at IS NULL
			AND NOT EXISTS (SELECT 1 FROM session_attendance x
				WHERE x.session_id = ? AND x.occurrence_start = ? AND x.member_id = a.member_id)
		GROUP BY a.member_id, m.name, m.affiliation
		ORDER BY times DESC, m.name, a.member_id LIMIT ?`, o.ProgrammeID, o.SessionID, o.key(), limit)
	if err != nil {
		return nil, store.Wrap(err, "Could not list the regulars.")
	}
	defer rows.Close()
	out := []Regular{}
	for rows.Next() {
		var r Regular
		if err := rows.Scan(&r.MemberID, &r.Name, &r.Affiliation, &r.Times); err != nil {
			return nil, store.Wrap(err, "Could not list the regulars.")
		}
		out = append(out, r)
	}
	return out, store.Wrap(rows.Err(), "Could not list the regulars.")
}
