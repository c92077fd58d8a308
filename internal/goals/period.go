package goals

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
)

// Period is the stretch of time a goal's page shows: one quarter of a
// year (Quarter 1-4) or the whole year (Quarter 0).
type Period struct {
	Year    int
	Quarter int
}

// firstDay and lastDay span every date a contribution can carry.
const firstDay, lastDay = "0001-01-01", "9999-12-31"

// QuarterOf is the quarter date (YYYY-MM-DD) falls in; ok is false when
// it is not a date.
func QuarterOf(date string) (p Period, ok bool) {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return Period{}, false
	}
	return Period{Year: d.Year(), Quarter: (int(d.Month())-1)/3 + 1}, true
}

// ParsePeriod reads a period as Param writes it: "2026-Q4" or "2026".
// Anything else is Invalid naming "period".
func ParsePeriod(s string) (Period, error) {
	bad := func() (Period, error) {
		var fe apperr.FieldErrors
		fe.Add("period", "must be a quarter such as 2026-Q4 or a year such as 2026")
		return Period{}, fe.Err()
	}
	y, q, hasQ := strings.Cut(strings.TrimSpace(s), "-")
	year, err := strconv.Atoi(y)
	if err != nil || len(y) != 4 || year < 1000 {
		return bad()
	}
	p := Period{Year: year}
	if hasQ {
		if len(q) != 2 || (q[0] != 'Q' && q[0] != 'q') || q[1] < '1' || q[1] > '4' {
			return bad()
		}
		p.Quarter = int(q[1] - '0')
	}
	return p, nil
}

// Param is the period as a URL or form carries it: "2026-Q4", "2026".
func (p Period) Param() string {
	if p.Quarter == 0 {
		return strconv.Itoa(p.Year)
	}
	return fmt.Sprintf("%d-Q%d", p.Year, p.Quarter)
}

// String is the period as a person reads it: "2026 Q4", "2026".
func (p Period) String() string {
	if p.Quarter == 0 {
		return strconv.Itoa(p.Year)
	}
	return fmt.Sprintf("%d Q%d", p.Year, p.Quarter)
}

// IsYear reports whether p is a whole year.
func (p Period) IsYear() bool { return p.Quarter == 0 }

// From and To are the first and last dates of the period, YYYY-MM-DD.
func (p Period) From() string {
	m := 1
	if p.Quarter > 0 {
		m = 3*(p.Quarter-1) + 1
	}
	return fmt.Sprintf("%04d-%02d-01", p.Year, m)
}

// To is the period's last date, YYYY-MM-DD.
func (p Period) To() string {
	end := time.Date(p.Year+1, 1, 1, 0, 0, 0, 0, time.UTC)
	if p.Quarter > 0 {
		end = time.Date(p.Year, time.Month(3*p.Quarter+1), 1, 0, 0, 0, 0, time.UTC)
	}
	return end.AddDate(0, 0, -1).Format(time.DateOnly)
}

// Prev and Next are the period before and after, of the same length.
func (p Period) Prev() Period { return p.step(-1) }

// Next is the period after p.
func (p Period) Next() Period { return p.step(1) }

func (p Period) step(by int) Period {
	if p.Quarter == 0 {
		return Period{Year: p.Year + by}
	}
	q := p.Year*4 + p.Quarter - 1 + by
	return Period{Year: q / 4, Quarter: q%4 + 1}
}

// YearOf is the whole year p lies in.
func (p Period) YearOf() Period { return Period{Year: p.Year} }
