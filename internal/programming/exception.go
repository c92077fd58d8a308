package programming

import (
	"context"
	"fmt"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/versions"
)

// Action is what happens to one occurrence of a series.
type Action string

const (
	Skip       Action = "skip"   // it does not take place and leaves no trace (EXDATE)
	Move       Action = "move"   // it takes place at another time (RECURRENCE-ID)
	CancelOne  Action = "cancel" // it was announced and will not take place (STATUS:CANCELLED)
	RestoreOne Action = "restore"
)

// Exception is one occurrence of a series that differs from the rule,
// named by the start the rule gives it.
type Exception struct {
	OriginalStart time.Time  `json:"original_start"`
	Action        Action     `json:"action"`
	Start         *time.Time `json:"start,omitempty"` // when moved
	End           *time.Time `json:"end,omitempty"`
}

func loadExceptions(ctx context.Context, q store.Querier, ids []int64, byID map[int64]*Session) error {
	rows, err := q.Query(ctx, `SELECT session_id, original_start, action, starts_at, ends_at FROM session_exceptions
		WHERE session_id IN (`+store.Placeholders(len(ids))+`) ORDER BY session_id, original_start`, store.Args(ids)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, orig, start, end int64
		var e Exception
		if err := rows.Scan(&id, &orig, &e.Action, &start, &end); err != nil {
			return err
		}
		x := byID[id]
		loc := x.Start.Location()
		e.OriginalStart = time.Unix(orig, 0).In(loc)
		if e.Action == Move {
			s, en := time.Unix(start, 0).In(loc), time.Unix(end, 0).In(loc)
			e.Start, e.End = &s, &en
		}
		x.Exceptions = append(x.Exceptions, e)
	}
	return rows.Err()
}

// OccurrenceChange is a change to one occurrence of a series: which one
// (its original start, RFC 3339 or wall-clock in the session's zone), what
// happens to it, and for a move the new start and end.
type OccurrenceChange struct {
	Original string `json:"original_start"`
	Action   Action `json:"action"`
	Start    string `json:"start"`
	End      string `json:"end"`
}

// ChangeOccurrence skips, moves, cancels or restores one occurrence of
// series id, raising the series' sequence so calendars pick it up. When
// version is not 0 and the session has moved on, nothing is written
// (Conflict). Errors: NotFound; Invalid naming the field: original_start
// (not an occurrence of the series, or the session does not repeat),
// action, start, end (not after the start).
func (s *Service) ChangeOccurrence(ctx context.Context, id, version int64, c OccurrenceChange) (Session, error) {
	var out Session
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		old, err := getSession(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := sessionHistory.Check(ctx, tx, id, version, old.Version, old.fields()); err != nil {
			return err
		}
		var fe apperr.FieldErrors
		loc := old.Start.Location()
		orig, ok := ParseWhen(c.Original, loc)
		switch {
		case !old.Recurring():
			fe.Add("original_start", "this session does not repeat; edit or cancel the session itself")
		case !ok:
			fe.Add("original_start", "must be a date and time, YYYY-MM-DDTHH:MM")
		case !isOccurrence(old.RRule, old.Start, orig):
			fe.Add("original_start", "the series has no occurrence at %s", orig.Format("2006-01-02 15:04 MST"))
		}
		var start, end time.Time
		switch c.Action {
		case Skip, CancelOne, RestoreOne:
		case Move:
			if start, ok = ParseWhen(c.Start, loc); !ok {
				fe.Add("start", "must be a date and time, YYYY-MM-DDTHH:MM")
			}
			if end, ok = ParseWhen(c.End, loc); !ok {
				fe.Add("end", "must be a date and time, YYYY-MM-DDTHH:MM")
			} else if !start.IsZero() && !end.After(start) {
				fe.Add("end", "must be after the start")
			} else if end.Sub(start) > 31*24*time.Hour {
				fe.Add("end", "a session lasts at most 31 days")
			}
			if !start.IsZero() && ok && (start.Sub(orig) > maxMove || orig.Sub(start) > maxMove) {
				fe.Add("start", "an occurrence moves by at most 31 days; add a separate session for another date")
			}
		default:
			fe.Add("action", "choose skip, move, cancel or restore")
		}
		if err := fe.Err(); err != nil {
			return err
		}
		if err := checkOccurrenceChange(ctx, tx, id, orig, c.Action); err != nil {
			return err
		}
		now := s.now()
		// A moved date's activities move with it.
		sc := attScope{"a.session_id = ? AND a.occurrence_start = ?", []any{id, orig.Unix()}}
		before, err := s.beforeChange(ctx, tx, sc)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM session_exceptions WHERE session_id = ? AND original_start = ?", id, orig.Unix()); err != nil {
			return err
		}
		if c.Action != RestoreOne {
			if _, err := tx.Exec(ctx, `INSERT INTO session_exceptions (session_id, original_start, action, starts_at, ends_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?)`, id, orig.Unix(), string(c.Action), unixOr0(start), unixOr0(end), now.Unix()); err != nil {
				return err
			}
		}
		if err := s.syncActivities(ctx, tx, sc, before); err != nil {
			return err
		}
		if err := sessionHistory.Keep(ctx, tx, id, old.Version, old.fields(), now); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, "UPDATE programme_sessions SET sequence = sequence + 1, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
			now.Unix(), id, old.Version)
		if err != nil {
			return err
		}
		if err := versions.Updated(res, "session"); err != nil {
			return err
		}
		when := orig.Format("2006-01-02 15:04 MST")
		summary := map[Action]string{
			Skip:       fmt.Sprintf("Skipped the %s occurrence of %q", when, old.Name()),
			CancelOne:  fmt.Sprintf("Cancelled the %s occurrence of %q", when, old.Name()),
			RestoreOne: fmt.Sprintf("Restored the %s occurrence of %q", when, old.Name()),
			Move:       fmt.Sprintf("Moved the %s occurrence of %q to %s", when, old.Name(), start.Format("2006-01-02 15:04 MST")),
		}[c.Action]
		if err := s.record(ctx, tx, "session", id, "update", summary); err != nil {
			return err
		}
		out, err = getSession(ctx, tx, id, false)
		return err
	})
	if err != nil {
		return Session{}, store.Wrap(err, "Could not change the occurrence.")
	}
	return out, nil
}

// maxMove bounds how far an occurrence moves, so a calendar period finds
// every moved occurrence by reading the series within a month of it.
const maxMove = 31 * 24 * time.Hour

func unixOr0(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}
