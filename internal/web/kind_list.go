package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/participation"
)

// The activity kinds page: how each kind of activity counts (its
// participation mode and weight) and why, with the four modes explained.
// Writers change a kind's mode and weight, or add kinds. A change runs
// participation.Service.RulesChanged, the seam where re-deriving every
// member's mode and engagement will hang.

// kindsPage is what the kinds page shows.
type kindsPage struct {
	Modes       []modeRow
	Kinds       []participation.Kind
	ModeChoices []option // the mode choices of the forms
	// Standing is how far re-deriving every member's standing has got
	// after the last change of a kind.
	Standing participation.StandingState
}

// modeRow is one participation mode with what it means and how many kinds count as it.
type modeRow struct {
	Mode  participation.Mode
	Kinds int
}

// kindList shows every kind.
func (s *Server) kindList(w http.ResponseWriter, r *http.Request) {
	s.renderKinds(w, r, http.StatusOK, view{Form: url.Values{"weight": {"2"}}})
}

// kindCreate adds a kind.
func (s *Server) kindCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	k, err := s.app.Participation.AddKind(r.Context(), kindInput(r.PostForm))
	if e, ok := asInvalid(err); ok {
		s.renderKinds(w, r, http.StatusUnprocessableEntity, view{Form: r.PostForm, Errors: e.Fields, FormError: "The kind was not added."})
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/participation/kinds", "Added the kind "+k.Label+": it counts as "+k.Mode.Label()+".")
}

// kindInput reads the kind form.
func kindInput(f url.Values) participation.KindInput {
	weight, err := strconv.Atoi(strings.TrimSpace(f.Get("weight")))
	if err != nil {
		weight = 0 // refused, and named, as out of range
	}
	return participation.KindInput{Key: f.Get("key"), Label: f.Get("label"), Mode: participation.Mode(f.Get("mode")),
		Weight: weight, Why: f.Get("why")}
}

func modeOptions() []option {
	var out []option
	for _, m := range participation.Modes() {
		out = append(out, option{string(m), m.Label()})
	}
	return out
}

func (s *Server) renderKinds(w http.ResponseWriter, r *http.Request, status int, v view) {
	kinds, err := s.app.Participation.Kinds(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := kindsPage{Kinds: kinds, ModeChoices: modeOptions()}
	if p.Standing, err = s.app.Participation.StandingState(r.Context()); err != nil {
		s.renderError(w, r, err)
		return
	}
	for _, m := range participation.Modes() {
		n := 0
		for _, k := range kinds {
			if k.Mode == m {
				n++
			}
		}
		p.Modes = append(p.Modes, modeRow{m, n})
	}
	v.Title, v.Nav, v.Data = "Activity kinds", "settings", p
	s.render(w, r, status, "kind_list", v)
}
