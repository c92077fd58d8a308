package programming

import (
	"context"
	"fmt"
	"time"

	"github.com/trellis-community/trellis/internal/store"
)

// Who came is history: changes to a session never drop it silently. A
// session edited to another time takes its people along (the date that
// was its start moves to the new start); an edit that would leave other
// dates with people on their list outside the series, cancel a session
// people came to, or skip or cancel a date with people on it, is refused
// with words saying what to do instead.

// listedDates reads, for session id, every occurrence with people on its
// list and whether anyone is recorded as having come.
func listedDates(ctx context.Context, tx *store.Tx, id int64) (map[int64]bool, error) {
	rows, err := tx.Query(ctx, `SELECT occurrence_start, SUM(CASE WHEN attended = 'yes' THEN 1 ELSE 0 END)
		FROM session_attendance WHERE session_id = ? GROUP BY occurrence_start`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var key, came int64
		if err := rows.Scan(&key, &came); err != nil {
			return nil, err
		}
		out[key] = came > 0
	}
	return out, rows.Err()
}

// keepAttendance checks the edit of old into p against the session's
// lists and moves the list of old's first date to p's start. Invalid
// naming "start" or "status" when the edit would lose someone's record.
func keepAttendance(ctx context.Context, tx *store.Tx, old Session, p parsedSession) error {
	dates, err := listedDates(ctx, tx, old.ID)
	if err != nil || len(dates) == 0 {
		return err
	}
	if p.Status == SessionCancelled && old.Status != SessionCancelled {
		came := 0
		for _, yes := range dates {
			if yes {
				came++
			}
		}
		if came > 0 {
			what := "it took place: people are recorded as having come"
			if old.Recurring() {
				what = fmt.Sprintf("people are recorded as having come to %d of its dates; to stop the series, give it a last date (repeat until) instead", came)
			}
			return fieldErr("status", "cannot cancel this session: "+what)
		}
	}
	oldFirst, newFirst := old.Start.Unix(), p.start.Unix()
	if oldFirst == newFirst && p.RRule == old.RRule && p.TimeZone == old.TimeZone {
		return nil
	}
	var lost []time.Time
	for key := range dates {
		target := key
		if key == oldFirst {
			target = newFirst
		}
		_, clash := dates[target]
		at := time.Unix(target, 0).In(p.loc)
		fits := at.Equal(p.start) || (p.RRule != "" && isOccurrence(p.RRule, p.start, at))
		if !fits || (target != key && clash) {
			lost = append(lost, time.Unix(key, 0).In(old.Start.Location()))
		}
	}
	if len(lost) > 0 {
		first := lost[0]
		for _, t := range lost {
			if t.Before(first) {
				first = t
			}
		}
		return fieldErr("start", fmt.Sprintf("%d %s with people on the list (first %s) would no longer be part of this session; "+
			"to change the time from now on, give this series a last date (repeat until) and add a new one, or take the people off first",
			len(lost), plural(len(lost), "date", "dates"), first.Format("Mon 2 Jan 2006 15:04 MST")))
	}
	if _, listed := dates[oldFirst]; listed && oldFirst != newFirst {
		_, err := tx.Exec(ctx, "UPDATE session_attendance SET occurrence_start = ? WHERE session_id = ? AND occurrence_start = ?",
			newFirst, old.ID, oldFirst)
		return err
	}
	return nil
}

// checkOccurrenceChange refuses to skip a date with people on its list,
// or to cancel one people are recorded as having come to. Invalid naming
// "action".
func checkOccurrenceChange(ctx context.Context, tx *store.Tx, id int64, orig time.Time, action Action) error {
	if action != Skip && action != CancelOne {
		return nil
	}
	var listed, came int
	err := tx.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN attended = 'yes' THEN 1 ELSE 0 END), 0)
		FROM session_attendance WHERE session_id = ? AND occurrence_start = ?`, id, orig.Unix()).Scan(&listed, &came)
	switch {
	case err != nil:
		return err
	case action == Skip && listed > 0:
		return fieldErr("action", fmt.Sprintf("%d %s on this date's list; cancel the date instead (they stay listed, so you know whom to tell), or take them off first",
			listed, plural(listed, "person is", "people are")))
	case action == CancelOne && came > 0:
		return fieldErr("action", fmt.Sprintf("%d %s as having come to this date, so it took place", came, plural(came, "person is recorded", "people are recorded")))
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
