package participation

import (
	"context"
	"database/sql"
	"errors"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// FlowsDefinition says how the flows count.
const FlowsDefinition = "Each member active in either month is placed by their deepest mode in the first month and in the last month (as in the funnel), or as not active. Moved up: a deeper mode in the last month; moved down: a lighter one; stayed: the same mode; in: not active in the first month, active in the last; out: active in the first month, not in the last."

// Flow is how many members went from one place to another: a mode, or
// "none" for not active that month.
type Flow struct {
	From    string `json:"from"`
	To      string `json:"to"`
	Members int    `json:"members"`
}

// Flows is how members moved between modes from one month to another.
type Flows struct {
	From   Month  `json:"from"`
	To     Month  `json:"to"`
	Up     int    `json:"up"`
	Down   int    `json:"down"`
	Stayed int    `json:"stayed"`
	In     int    `json:"in"`
	Out    int    `json:"out"`
	Flows  []Flow `json:"flows"` // every pair with members, by from then to, "none" first
	// Matrix[i][j] is members from depth i to depth j (0: not active).
	Matrix [5][5]int `json:"-"`
}

// PlaceName is depth d's name in Flows: "none" for 0, else the mode.
func PlaceName(d int) string {
	if d == 0 {
		return "none"
	}
	return string(Modes()[d-1])
}

// Flows compares each member's deepest mode in month from with month to.
// to before from is Invalid naming "to"; the same month twice gives
// everyone stayed.
func (s *Service) Flows(ctx context.Context, from, to Month) (Flows, error) {
	if to < from {
		var fe apperr.FieldErrors
		fe.Add("to", "must not be before from")
		return Flows{}, fe.Err()
	}
	f := Flows{From: from, To: to}
	a, err := s.monthMembers(ctx, from)
	if err != nil {
		return Flows{}, err
	}
	b, err := s.monthMembers(ctx, to)
	if err != nil {
		return Flows{}, err
	}
	// Both lists are in member order: merge them.
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		var x, y int
		switch {
		case j == len(b) || (i < len(a) && a[i].id < b[j].id):
			x = a[i].depth
			i++
		case i == len(a) || b[j].id < a[i].id:
			y = b[j].depth
			j++
		default:
			x, y = a[i].depth, b[j].depth
			i++
			j++
		}
		f.Matrix[x][y]++
	}
	for x := range 5 {
		for y := range 5 {
			n := f.Matrix[x][y]
			if n == 0 {
				continue
			}
			f.Flows = append(f.Flows, Flow{PlaceName(x), PlaceName(y), n})
			switch {
			case x == 0:
				f.In += n
			case y == 0:
				f.Out += n
			case y > x:
				f.Up += n
			case y < x:
				f.Down += n
			default:
				f.Stayed += n
			}
		}
	}
	if f.Flows == nil {
		f.Flows = []Flow{}
	}
	return f, nil
}

type memberDepth struct {
	id    int64
	depth int
}

func (s *Service) monthMembers(ctx context.Context, m Month) ([]memberDepth, error) {
	var packed []byte
	err := s.DB.QueryRow(ctx, "SELECT member_modes FROM participation_months WHERE generation = "+liveGeneration+" AND month = ?", int64(m)).Scan(&packed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, store.Wrap(err, "Could not read the participation flows.")
	}
	list, err := unpackMembers(packed)
	return list, store.Wrap(err, "Could not read the participation flows.")
}
