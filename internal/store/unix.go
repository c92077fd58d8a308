package store

import (
	"database/sql"
	"time"
)

// UnixTime turns a stored instant (Unix seconds) into a time.Time in UTC.
func UnixTime(sec int64) time.Time { return time.Unix(sec, 0).UTC() }

// NullUnixTime turns a nullable stored instant into a pointer, nil when
// unset.
func NullUnixTime(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := UnixTime(n.Int64)
	return &t
}

// DayStart is the Unix time at which the calendar date (YYYY-MM-DD)
// begins in UTC, for comparing dates with stored instants; ok is false
// when date is not a date.
func DayStart(date string) (sec int64, ok bool) {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return 0, false
	}
	return t.Unix(), true
}
