package web

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/goals"
)

// goalPage is one goal in full, with what serves it in a period.
type goalPage struct {
	goals.Goal
	Serving goals.Serving
	// Period is what is shown; Prev and Next step by its length, Year and
	// ThisQuarter switch between a year and today's quarter.
	Period, Prev, Next, Year, ThisQuarter goals.Period
}

// goalShow shows a goal: its facts, how its indicators stand, why it
// matters, and what serves it quarter by quarter. ?period=2026-Q4 or
// ?period=2026 chooses the stretch shown; today's quarter by default.
func (s *Server) goalShow(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	ctx := r.Context()
	g, err := s.app.Goals.Get(ctx, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	this, _ := goals.QuarterOf(s.today())
	period := this
	if raw := r.URL.Query().Get("period"); raw != "" {
		if period, err = goals.ParsePeriod(raw); err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	serving, err := s.app.Goals.Serving(ctx, id, period)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := goalPage{Goal: g, Serving: serving, Period: period, Prev: period.Prev(), Next: period.Next(),
		Year: period.YearOf(), ThisQuarter: this}
	s.render(w, r, http.StatusOK, "goal_show", view{Title: g.Title, Nav: "goals", Data: p})
}
