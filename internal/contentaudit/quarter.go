package contentaudit

import (
	"fmt"
	"time"
)

// Quarter is one calendar quarter as the audit pages offer it.
type Quarter struct {
	Name     string // "Q3 2026"
	From, To string // YYYY-MM-DD, both inclusive
}

// QuarterOf returns the calendar quarter that date (YYYY-MM-DD) falls in,
// and false when date is not a date.
func QuarterOf(date string) (Quarter, bool) {
	d, ok := parseDate(date)
	if !ok {
		return Quarter{}, false
	}
	first := time.Date(d.Year(), (d.Month()-1)/3*3+1, 1, 0, 0, 0, 0, time.UTC)
	return quarterFrom(first), true
}

func quarterFrom(first time.Time) Quarter {
	return Quarter{Name: fmt.Sprintf("Q%d %d", (first.Month()-1)/3+1, first.Year()),
		From: first.Format(time.DateOnly), To: first.AddDate(0, 3, -1).Format(time.DateOnly)}
}

// Before returns the n quarters before q, the latest first.
func (q Quarter) Before(n int) []Quarter {
	first, _ := parseDate(q.From)
	out := make([]Quarter, n)
	for i := range out {
		out[i] = quarterFrom(first.AddDate(0, -3*(i+1), 0))
	}
	return out
}

// PeriodName names the period from to to as the audit does ("Q3 2026",
// "July 2026", "3 July 2026 to 20 August 2026"), or "" when it is not two
// dates in order.
func PeriodName(from, to string) string {
	p, err := checkPeriod(from, to)
	if err != nil {
		return ""
	}
	return p.name
}
