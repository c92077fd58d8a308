// Package clock is the one place Trellis reads the time and works out
// "today": every capability takes the same clock (a function that tests
// fix) and the community's time zone, so a follow-up due today on the
// dashboard is due today on every other page too.
package clock

import "time"

// Now reads now (time.Now when nil) and returns it in UTC, truncated to the
// second, because that is what the database keeps: a value returned to a
// caller equals the one read back later.
func Now(now func() time.Time) time.Time {
	if now == nil {
		now = time.Now
	}
	return now().UTC().Truncate(time.Second)
}

// Today is the community's calendar date, YYYY-MM-DD, at instant t in its
// time zone loc (UTC when nil).
func Today(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format(time.DateOnly)
}
