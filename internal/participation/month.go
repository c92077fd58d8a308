package participation

import (
	"fmt"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
)

// Month is a calendar month in the community's time zone, as yyyymm
// (202611). The figures over time count by it: an activity belongs to the
// month its instant falls in where the community lives, whatever the
// member's own zone, so every figure puts each activity in one month and
// the months add up. It is the same zone the calendar, goals and audit
// quarters read "today" in.
type Month int

// MonthOf is the month instant t falls in, in loc.
func MonthOf(t time.Time, loc *time.Location) Month {
	t = t.In(loc)
	return Month(t.Year()*100 + int(t.Month()))
}

// ParseMonth reads "2026-11". Errors are Invalid naming field.
func ParseMonth(field, s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil || t.Year() < 1970 || t.Year() > 9999 {
		var fe apperr.FieldErrors
		fe.Add(field, "must be a month written YYYY-MM, such as 2026-11")
		return 0, fe.Err()
	}
	return Month(t.Year()*100 + int(t.Month())), nil
}

// Year and Mon split m.
func (m Month) Year() int                    { return int(m) / 100 }
func (m Month) Mon() time.Month              { return time.Month(int(m) % 100) }
func (m Month) String() string               { return fmt.Sprintf("%04d-%02d", m.Year(), int(m.Mon())) }
func (m Month) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// Label is "Nov 2026", for charts and tables.
func (m Month) Label() string { return m.Mon().String()[:3] + " " + fmt.Sprint(m.Year()) }

// Add is the month n months after m (before, when n < 0).
func (m Month) Add(n int) Month {
	i := m.Year()*12 + int(m.Mon()) - 1 + n
	return Month((i/12)*100 + i%12 + 1)
}

// Since is how many months m is after o.
func (m Month) Since(o Month) int {
	return (m.Year()*12 + int(m.Mon())) - (o.Year()*12 + int(o.Mon()))
}

// Start is the first instant of m in loc; End the first instant of the
// month after.
func (m Month) Start(loc *time.Location) time.Time {
	return time.Date(m.Year(), m.Mon(), 1, 0, 0, 0, 0, loc)
}
func (m Month) End(loc *time.Location) time.Time { return m.Add(1).Start(loc) }

// LastDay is the date of m's last day, YYYY-MM-DD.
func (m Month) LastDay() string {
	return time.Date(m.Year(), m.Mon()+1, 0, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}

// Months lists from to to, both included.
func Months(from, to Month) []Month {
	var out []Month
	for m := from; m <= to; m = m.Add(1) {
		out = append(out, m)
	}
	return out
}

// MaxMonths is the longest period the figures cover at once.
const MaxMonths = 36

// Period is a run of whole months, both ends included.
type Period struct {
	From Month `json:"from"`
	To   Month `json:"to"`
}

// ParsePeriod reads from and to ("2026-01", "2026-11"); empty ones default
// to the defaultLen months ending with current. Errors are Invalid naming
// "from" or "to".
func ParsePeriod(from, to string, current Month, defaultLen int) (Period, error) {
	p := Period{To: current}
	var fe apperr.FieldErrors
	var err error
	if to != "" {
		if p.To, err = ParseMonth("to", to); err != nil {
			return Period{}, err
		}
	}
	p.From = p.To.Add(1 - defaultLen)
	if from != "" {
		if p.From, err = ParseMonth("from", from); err != nil {
			return Period{}, err
		}
	}
	switch {
	case p.To < p.From:
		fe.Add("to", "must not be before from")
	case p.To.Since(p.From) >= MaxMonths:
		fe.Add("to", "a period covers at most %d months", MaxMonths)
	case p.To > current:
		fe.Add("to", "must not be after this month (%s)", current)
	}
	return p, fe.Err()
}

// Months lists the period's months.
func (p Period) Months() []Month { return Months(p.From, p.To) }
