package goals

import (
	"cmp"
	"context"
	"slices"

	"github.com/trellis-community/trellis/internal/store"
)

// Serving is what a goal's page lists: everything that serves the goal in
// a period, quarter by quarter, newest first, then what has no date yet.
type Serving struct {
	Period   Period
	Quarters []QuarterServing // newest first; only quarters with something in them
	Undated  []Contribution
	// Total counts the dated and undated contributions listed.
	Total int
}

// QuarterServing is one quarter's contributions, newest first.
type QuarterServing struct {
	Quarter Period
	Items   []Contribution
}

// Serving lists what serves goal id in period p, asking every source.
// Errors: NotFound for an unknown goal; Internal when a source fails.
func (s *Service) Serving(ctx context.Context, id int64, p Period) (Serving, error) {
	if _, err := s.Get(ctx, id); err != nil {
		return Serving{}, err
	}
	cs, err := s.contributions(ctx, id, p.From(), p.To())
	if err != nil {
		return Serving{}, err
	}
	out := Serving{Period: p}
	byQuarter := map[Period][]Contribution{}
	for _, c := range cs {
		q, ok := QuarterOf(c.On)
		switch {
		case !ok:
			// Undated, or a date the source could not give properly:
			// listed apart rather than lost.
			out.Undated = append(out.Undated, c)
		case c.On >= p.From() && c.On <= p.To():
			byQuarter[q] = append(byQuarter[q], c)
		default:
			continue // outside the period: a source that asked for more
		}
		out.Total++
	}
	for q, items := range byQuarter {
		out.Quarters = append(out.Quarters, QuarterServing{Quarter: q, Items: items})
	}
	slices.SortFunc(out.Quarters, func(a, b QuarterServing) int {
		return cmp.Or(cmp.Compare(b.Quarter.Year, a.Quarter.Year), cmp.Compare(b.Quarter.Quarter, a.Quarter.Quarter))
	})
	return out, nil
}

// contributions asks every source for goal id's contributions in [from,
// to], newest first, then by kind and title; undated ones come last.
func (s *Service) contributions(ctx context.Context, id int64, from, to string) ([]Contribution, error) {
	var all []Contribution
	for _, src := range s.Sources {
		cs, err := src(ctx, id, from, to)
		if err != nil {
			return nil, store.Wrap(err, "Could not list what serves the goal.")
		}
		all = append(all, cs...)
	}
	slices.SortStableFunc(all, func(a, b Contribution) int {
		if (a.On == "") != (b.On == "") {
			if a.On == "" {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(b.On, a.On), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Title, b.Title), cmp.Compare(a.ID, b.ID))
	})
	return all, nil
}
