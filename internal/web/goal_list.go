package web

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/goals"
)

// goalListPage is the list of shared goals.
type goalListPage struct {
	Active, Retired []goals.Goal
}

// goalList shows every shared goal with its owner and how each indicator
// stands, the active ones first.
func (s *Server) goalList(w http.ResponseWriter, r *http.Request) {
	gs, err := s.app.Goals.List(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var p goalListPage
	for _, g := range gs {
		if g.Status == goals.Retired {
			p.Retired = append(p.Retired, g)
		} else {
			p.Active = append(p.Active, g)
		}
	}
	s.render(w, r, http.StatusOK, "goal_list", view{Title: "Shared goals", Nav: "goals", Data: p})
}
