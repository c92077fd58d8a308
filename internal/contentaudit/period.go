package contentaudit

import (
	"fmt"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
)

// period is the audit's span, checked, with the words messages use for it.
type period struct {
	from, to string
	words    string // "in Q3 2026", "in July 2026", "between 3 July 2026 and 20 August 2026"
	name     string // "Q3 2026", "July 2026", "3 July 2026 to 20 August 2026"
}

// parseDate reads a YYYY-MM-DD date, or reports false.
func parseDate(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil && t.Format(time.DateOnly) == s
}

// checkPeriod checks from and to (field errors named "from" and "to") and
// describes the period.
func checkPeriod(from, to string) (period, error) {
	var fe apperr.FieldErrors
	f, okF := parseDate(from)
	t, okT := parseDate(to)
	if !okF {
		fe.Add("from", "must be a date written YYYY-MM-DD")
	}
	if !okT {
		fe.Add("to", "must be a date written YYYY-MM-DD")
	}
	if okF && okT && t.Before(f) {
		fe.Add("to", "must be on or after the start of the period (%s)", from)
	}
	if err := fe.Err(); err != nil {
		return period{}, err
	}
	p := period{from: from, to: to}
	p.name = periodName(f, t)
	p.words = "in " + p.name
	if p.name == longDate(f)+" to "+longDate(t) {
		p.words = "between " + longDate(f) + " and " + longDate(t)
	}
	if f.Equal(t) {
		p.name, p.words = longDate(f), "on "+longDate(f)
	}
	return p, nil
}

// periodName names a calendar year, quarter or month as a manager says it,
// and any other span by its first and last days.
func periodName(f, t time.Time) string {
	last := func(months int) time.Time { return f.AddDate(0, months, -1) }
	switch {
	case f.Month() == time.January && f.Day() == 1 && t.Equal(last(12)):
		return fmt.Sprint(f.Year())
	case f.Day() == 1 && (f.Month()-1)%3 == 0 && t.Equal(last(3)):
		return fmt.Sprintf("Q%d %d", (f.Month()-1)/3+1, f.Year())
	case f.Day() == 1 && t.Equal(last(1)):
		return f.Format("January 2006")
	}
	return longDate(f) + " to " + longDate(t)
}

// longDate writes a date as "3 July 2026".
func longDate(t time.Time) string { return t.Format("2 January 2006") }

// dayAfter returns the date after d (a valid YYYY-MM-DD).
func dayAfter(d string) string {
	t, _ := parseDate(d)
	return t.AddDate(0, 0, 1).Format(time.DateOnly)
}

// until is the last date an item is out: Until, or On for a single day.
func (it Item) until() string {
	if it.Until != "" {
		return it.Until
	}
	return it.On
}

// inPeriod reports whether the item takes place or is out on any day of p.
func (it Item) inPeriod(p period) bool {
	return it.On != "" && it.On <= p.to && it.until() >= p.from
}

// before reports whether the item was over before p began.
func (it Item) before(p period) bool { return it.On != "" && it.until() < p.from }
