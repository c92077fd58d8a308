package content

import (
	"context"
	"fmt"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// MaxMonthItems caps the items one month of the calendar shows; a month
// holding more says so rather than growing without bound.
const MaxMonthItems = 1000

// Month is one month of the content calendar.
type Month struct {
	Start     time.Time // the first day of the month
	Items     []Item    // dated within the month, by date
	Truncated bool      // more than MaxMonthItems were dated within it
}

// ParseMonth reads a month written YYYY-MM; "" is the month of today.
// Invalid naming "month" otherwise.
func (s *Service) ParseMonth(v string) (time.Time, error) {
	if v == "" {
		v = s.Today()[:7]
	}
	t, err := time.Parse("2006-01", v)
	if err != nil || t.Year() < 1900 || t.Year() > 2999 {
		return time.Time{}, &apperr.Error{Code: apperr.Invalid, Message: "month: must be a month written YYYY-MM",
			Fields: map[string]string{"month": "must be a month written YYYY-MM"}}
	}
	return t, nil
}

// Month returns the items dated (published, else planned) within the
// month that starts at start.
func (s *Service) Month(ctx context.Context, start time.Time) (Month, error) {
	from := start.Format(time.DateOnly)
	to := start.AddDate(0, 1, -1).Format(time.DateOnly)
	list, err := loadItems(ctx, s.DB, s.DB.Dialect,
		"WHERE c.dated_on >= ? AND c.dated_on <= ? ORDER BY c.dated_on, c.id LIMIT ?", []any{from, to, MaxMonthItems + 1})
	if err != nil {
		return Month{}, store.Wrap(err, "Could not load the content calendar.")
	}
	m := Month{Start: start, Items: list}
	if len(list) > MaxMonthItems {
		m.Items, m.Truncated = list[:MaxMonthItems], true
	}
	return m, nil
}

// BoardColumnLimit caps the items each board column shows, newest first.
const BoardColumnLimit = 50

// Column is one status on the board.
type Column struct {
	Status Status
	Items  []Item
	Total  int // how many items have this status, shown or not
}

// Board returns the items by status, each column newest first and capped
// at BoardColumnLimit.
func (s *Service) Board(ctx context.Context) ([]Column, error) {
	var out []Column
	for _, st := range Statuses() {
		col := Column{Status: st}
		if err := s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM content_items WHERE status = ?", string(st)).Scan(&col.Total); err != nil {
			return nil, store.Wrap(err, "Could not load the content board.")
		}
		var err error
		col.Items, err = loadItems(ctx, s.DB, s.DB.Dialect,
			"WHERE c.status = ? ORDER BY c.dated_on DESC, c.id DESC LIMIT ?", []any{string(st), BoardColumnLimit})
		if err != nil {
			return nil, store.Wrap(err, fmt.Sprintf("Could not load the %s column.", st.Label()))
		}
		out = append(out, col)
	}
	return out, nil
}
