package programming

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// GetAttendance returns occurrence at of session id (see
// Session.findOccurrence: "" for a single session, else the original
// start) with the people on its list, by name. Errors: NotFound; Invalid
// naming "occurrence".
func (s *Service) GetAttendance(ctx context.Context, id int64, at string) (Attendance, error) {
	x, err := getSession(ctx, s.DB, id, false)
	if err != nil {
		return Attendance{}, store.Wrap(err, "Could not load the attendance.")
	}
	o, err := x.findOccurrence(at)
	if err != nil {
		return Attendance{}, err
	}
	out, err := loadAttendance(ctx, s.DB, o)
	return out, store.Wrap(err, "Could not load the attendance.")
}

func loadAttendance(ctx context.Context, q store.Querier, o Occurrence) (Attendance, error) {
	out := Attendance{Occurrence: o, People: []Attendee{}}
	rows, err := q.Query(ctx, `SELECT a.member_id, m.name, m.affiliation, a.role, a.attended, a.note, a.registered_at, a.updated_at
		FROM session_attendance a JOIN members m ON m.id = a.member_id
		WHERE a.session_id = ? AND a.occurrence_start = ? ORDER BY m.sort_name, m.id`, o.SessionID, o.key())
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		var p Attendee
		var reg, upd int64
		if err := rows.Scan(&p.MemberID, &p.Name, &p.Affiliation, &p.Role, &p.Attended, &p.Note, &reg, &upd); err != nil {
			return out, err
		}
		p.RegisteredAt, p.UpdatedAt = store.UnixTime(reg), store.UnixTime(upd)
		out.People = append(out.People, p)
		if p.Attended == AttendedYes {
			out.Attended++
		}
	}
	out.Registered = len(out.People)
	return out, rows.Err()
}

// RecordAttendance adds people to occurrence at of session id, or changes
// their entries, all or none, and returns the occurrence's list. Only the
// fields each input sets are written, so two people marking attendance at
// once lose nothing. Errors: NotFound; Invalid naming "occurrence" or
// "people[i].member_id" (unknown, or listed twice), "people[i].role",
// "people[i].attended" (not yet started, or cancelled), "people[i].note".
func (s *Service) RecordAttendance(ctx context.Context, id int64, at string, people []AttendanceInput) (Attendance, error) {
	return s.recordAttendance(ctx, id, at, people, peopleField)
}

// RecordOne is RecordAttendance for one person, whose problems name the
// plain fields ("member_id", "attended").
func (s *Service) RecordOne(ctx context.Context, id int64, at string, in AttendanceInput) (Attendance, error) {
	return s.recordAttendance(ctx, id, at, []AttendanceInput{in}, func(int) func(string) string { return plainField })
}

func (s *Service) recordAttendance(ctx context.Context, id int64, at string, people []AttendanceInput, field func(int) func(string) string) (Attendance, error) {
	var out Attendance
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		// Locked, so a date is not skipped or the session deleted while
		// its people are written.
		x, err := getSession(ctx, tx, id, true)
		if err != nil {
			return err
		}
		o, err := x.findOccurrence(at)
		if err != nil {
			return err
		}
		var fe apperr.FieldErrors
		switch {
		case len(people) == 0:
			fe.Add("people", "name at least one member")
		case len(people) > maxPeople:
			fe.Add("people", "at most %d people at a time", maxPeople)
		}
		now := s.now()
		seen := map[int64]int{}
		ids := make([]int64, 0, len(people))
		for i := range people {
			people[i].check(&fe, field(i), o, now)
			if first, dup := seen[people[i].MemberID]; dup && people[i].MemberID > 0 {
				fe.Add(field(i)("member_id"), "member %d is already listed (person %d)", people[i].MemberID, first+1)
			}
			seen[people[i].MemberID] = i
			ids = append(ids, people[i].MemberID)
		}
		names, err := memberNames(ctx, tx, ids)
		if err != nil {
			return err
		}
		for i, p := range people {
			if _, ok := names[p.MemberID]; !ok && p.MemberID > 0 {
				fe.Add(field(i)("member_id"), "there is no member %d", p.MemberID)
			}
		}
		if err := fe.Err(); err != nil {
			return err
		}
		sc := occurrenceScope(o, ids)
		before, err := s.beforeChange(ctx, tx, sc)
		if err != nil {
			return err
		}
		for _, p := range people {
			if err := upsertAttendee(ctx, tx, o, p, now.Unix()); err != nil {
				return err
			}
		}
		if err := s.syncActivities(ctx, tx, sc, before); err != nil {
			return err
		}
		var who []string
		for _, p := range people[:min(3, len(people))] {
			who = append(who, names[p.MemberID])
		}
		if len(people) > 3 {
			who = append(who, fmt.Sprintf("%d more", len(people)-3))
		}
		summary := fmt.Sprintf("Recorded attendance at %q on %s: %s", o.Title, o.Start.Format("2006-01-02 15:04 MST"), strings.Join(who, ", "))
		if err := s.record(ctx, tx, "session", id, "update", summary); err != nil {
			return err
		}
		out, err = loadAttendance(ctx, tx, o)
		return err
	})
	if err != nil {
		return Attendance{}, store.Wrap(err, "Could not record the attendance.")
	}
	return out, nil
}

// upsertAttendee adds p to occurrence o's list, or sets on their entry
// the fields p gives, and nothing else.
func upsertAttendee(ctx context.Context, tx *store.Tx, o Occurrence, p AttendanceInput, now int64) error {
	role, attended, note := PartAttendee, AttendedUnknown, ""
	var set []string
	if p.Role != nil {
		role = *p.Role
		set = append(set, "role = excluded.role")
	}
	if p.Attended != nil {
		attended = *p.Attended
		set = append(set, "attended = excluded.attended")
	}
	if p.Note != nil {
		note = *p.Note
		set = append(set, "note = excluded.note")
	}
	conflict := "DO NOTHING"
	if len(set) > 0 {
		conflict = "DO UPDATE SET " + strings.Join(set, ", ") + ", updated_at = excluded.updated_at"
	}
	_, err := tx.Exec(ctx, `INSERT INTO session_attendance (session_id, occurrence_start, member_id, role, attended, note, registered_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, occurrence_start, member_id) `+conflict,
		o.SessionID, o.key(), p.MemberID, string(role), string(attended), note, now, now)
	return err
}

// memberNames are the names of the members among ids that exist.
func memberNames(ctx context.Context, q store.Querier, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	for chunk := range slices.Chunk(ids, 500) {
		rows, err := q.Query(ctx, "SELECT id, name FROM members WHERE id IN ("+store.Placeholders(len(chunk))+")", store.Args(chunk)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = name
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// RemoveAttendee takes member memberID off occurrence at's list of session
// id. NotFound when they are not on it; Invalid naming "occurrence".
func (s *Service) RemoveAttendee(ctx context.Context, id int64, at string, memberID int64) error {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		x, err := getSession(ctx, tx, id, true)
		if err != nil {
			return err
		}
		o, err := x.findOccurrence(at)
		if err != nil {
			return err
		}
		var name string
		err = tx.QueryRow(ctx, `SELECT m.name FROM session_attendance a JOIN members m ON m.id = a.member_id
			WHERE a.session_id = ? AND a.occurrence_start = ? AND a.member_id = ?`, id, o.key(), memberID).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("That member is not on this date's list.")
		}
		if err != nil {
			return err
		}
		sc := occurrenceScope(o, []int64{memberID})
		before, err := s.beforeChange(ctx, tx, sc)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM session_attendance WHERE session_id = ? AND occurrence_start = ? AND member_id = ?",
			id, o.key(), memberID); err != nil {
			return err
		}
		if err := s.syncActivities(ctx, tx, sc, before); err != nil {
			return err
		}
		return s.record(ctx, tx, "session", id, "update",
			fmt.Sprintf("Took %s off the list of %q on %s", name, o.Title, o.Start.Format("2006-01-02 15:04 MST")))
	})
	return store.Wrap(err, "Could not remove the attendee.")
}
