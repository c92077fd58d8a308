package programming

import (
	"context"
	"time"

	"github.com/trellis-community/trellis/internal/store"
)

// Attendance brought in from a file (a Zoom report, an Eventbrite export)
// is written by the import inside its own transaction, through these
// functions, so every entry keeps its activity in step exactly as when a
// manager records it by hand.

// Entry is one person's stored entry on an occurrence's list.
type Entry struct {
	MemberID     int64
	Role         Part
	Attended     Attended
	Note         string
	RegisteredAt time.Time
	UpdatedAt    time.Time
}

// OccurrenceTx is occurrence at (see Session.findOccurrence) of session
// id, read in tx with the session locked, so a date is not skipped nor the
// session deleted while an import writes its list. Errors: NotFound;
// Invalid naming "occurrence".
func (s *Service) OccurrenceTx(ctx context.Context, tx *store.Tx, id int64, at string) (Occurrence, error) {
	x, err := getSession(ctx, tx, id, true)
	if err != nil {
		return Occurrence{}, err
	}
	return x.findOccurrence(at)
}

// Occurrence is OccurrenceTx outside a transaction, to check a choice
// before an import starts.
func (s *Service) Occurrence(ctx context.Context, id int64, at string) (Occurrence, error) {
	x, err := getSession(ctx, s.DB, id, false)
	if err != nil {
		return Occurrence{}, store.Wrap(err, "Could not load the session.")
	}
	return x.findOccurrence(at)
}

// EntriesTx reads the entries of memberIDs on the list of the occurrence
// of session named by occ (Occurrence.Key().Start), by member; those not on it
// are absent.
func EntriesTx(ctx context.Context, tx *store.Tx, session, occ int64, memberIDs []int64) (map[int64]Entry, error) {
	out := map[int64]Entry{}
	for i := 0; i < len(memberIDs); i += 500 {
		chunk := memberIDs[i:min(i+500, len(memberIDs))]
		rows, err := tx.Query(ctx, `SELECT member_id, role, attended, note, registered_at, updated_at FROM session_attendance
			WHERE session_id = ? AND occurrence_start = ? AND member_id IN (`+store.Placeholders(len(chunk))+")",
			append([]any{session, occ}, store.Args(chunk)...)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var e Entry
			var reg, upd int64
			if err := rows.Scan(&e.MemberID, &e.Role, &e.Attended, &e.Note, &reg, &upd); err != nil {
				rows.Close()
				return nil, err
			}
			e.RegisteredAt, e.UpdatedAt = store.UnixTime(reg), store.UnixTime(upd)
			out[e.MemberID] = e
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// PutEntriesTx writes entries, whole, on the list of the occurrence of
// session named by occ, and removes those of the members in gone, then
// brings their activities in line, all in tx. The caller has checked the
// entries (the importer against the occurrence; an undo puts back what
// was there).
func (s *Service) PutEntriesTx(ctx context.Context, tx *store.Tx, session, occ int64, entries []Entry, gone []int64) error {
	if len(entries) == 0 && len(gone) == 0 {
		return nil
	}
	for i := 0; i < len(entries) || i < len(gone); i += 500 {
		var ids []int64
		part := entries[min(i, len(entries)):min(i+500, len(entries))]
		for _, e := range part {
			ids = append(ids, e.MemberID)
		}
		out := gone[min(i, len(gone)):min(i+500, len(gone))]
		ids = append(ids, out...)
		sc := attScope{"a.session_id = ? AND a.occurrence_start = ? AND a.member_id IN (" + store.Placeholders(len(ids)) + ")",
			append([]any{session, occ}, store.Args(ids)...)}
		before, err := s.beforeChange(ctx, tx, sc)
		if err != nil {
			return err
		}
		for _, e := range part {
			if _, err := tx.Exec(ctx, `INSERT INTO session_attendance (session_id, occurrence_start, member_id, role, attended, note, registered_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, occurrence_start, member_id) DO UPDATE SET
				role = excluded.role, attended = excluded.attended, note = excluded.note, registered_at = excluded.registered_at,
				updated_at = excluded.updated_at`,
				session, occ, e.MemberID, string(e.Role), string(e.Attended), e.Note, e.RegisteredAt.Unix(), e.UpdatedAt.Unix()); err != nil {
				return err
			}
		}
		if len(out) > 0 {
			if _, err := tx.Exec(ctx, "DELETE FROM session_attendance WHERE session_id = ? AND occurrence_start = ? AND member_id IN ("+
				store.Placeholders(len(out))+")", append([]any{session, occ}, store.Args(out)...)...); err != nil {
				return err
			}
		}
		if err := s.syncActivities(ctx, tx, sc, before); err != nil {
			return err
		}
	}
	return nil
}
