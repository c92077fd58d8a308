package demo

import "time"

// calendar is the demo's sense of time. The generator thinks in days
// relative to the load day, in the community's time zone: day 0 is today,
// -1 yesterday, 7 a week from now. Only when the plan is carried out do
// days become dates and instants, which is why the same seed lays out the
// same history behind whatever day the demo is loaded on.
type calendar struct {
	now   time.Time
	loc   *time.Location
	today time.Time // midnight UTC of the community's calendar date today
}

func newCalendar(now time.Time, loc *time.Location) calendar {
	local := now.In(loc)
	return calendar{now: now, loc: loc,
		today: time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)}
}

// date writes day as YYYY-MM-DD.
func (c calendar) date(day int) string {
	return c.today.AddDate(0, 0, day).Format(time.DateOnly)
}

// weekday is the day of the week of day.
func (c calendar) weekday(day int) time.Weekday {
	return c.today.AddDate(0, 0, day).Weekday()
}

// monthStart is the day the current calendar month began (0 on the 1st).
func (c calendar) monthStart() int { return 1 - c.today.Day() }

// at is the instant minute minutes into day, in the community's zone. The
// services stamp what they record with it, so an interaction logged a
// month ago also carries last month's created_at and audit entry. Nothing
// is stamped later than now: an event planned for this afternoon is
// recorded as happening now.
func (c calendar) at(day, minute int) time.Time {
	d := c.today.AddDate(0, 0, day)
	t := time.Date(d.Year(), d.Month(), d.Day(), 0, minute, 0, 0, c.loc)
	if t.After(c.now) {
		return c.now
	}
	return t
}

// workday moves day back to the Friday before when it falls on a weekend,
// unless that would leave [lo, ...]; most of a community team's work
// happens on weekdays.
func (c calendar) workday(day, lo int) int {
	switch c.weekday(day) {
	case time.Saturday:
		if day-1 >= lo {
			return day - 1
		}
	case time.Sunday:
		if day-2 >= lo {
			return day - 2
		}
	}
	return day
}
