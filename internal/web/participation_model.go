package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/participation"
)

// The participation model page: how Trellis works out where each member
// stands (window, pathway, engagement, stages, lists), in words, with
// the settings a manager may change (window, half-life) and how far
// re-deriving everyone has got after the last change.

// modelPage is what the model page shows.
type modelPage struct {
	Settings participation.Settings
	State    participation.StandingState
	Stages   []participation.StageRule
	Lists    []participation.ListInfo
	Modes    []participation.Mode
	Today    string
	Regular  int
	Quiet    int
	Months   int
}

// participationModel shows the model and the settings form.
func (s *Server) participationModel(w http.ResponseWriter, r *http.Request) {
	s.renderModel(w, r, http.StatusOK, view{})
}

// participationSettingsSave changes the window and half-life. The form
// carries the version it was made on: a colleague's save since is shown,
// not overwritten.
func (s *Server) participationSettingsSave(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	version, err := formVersion(r.PostForm)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	in := participation.Settings{WindowDays: settingsInt(r.PostForm, "window_days"), HalfLifeDays: settingsInt(r.PostForm, "half_life_days"), Version: version}
	_, err = s.app.Participation.SaveSettings(r.Context(), in)
	if notice, kept, ok := staleForm(err, r.PostForm); ok {
		s.renderModel(w, r, http.StatusConflict, view{Form: kept, Stale: notice, FormError: "The settings were not saved."})
		return
	}
	if e, ok := asInvalid(err); ok {
		s.renderModel(w, r, http.StatusUnprocessableEntity, view{Form: r.PostForm, Errors: e.Fields, FormError: "The settings were not saved."})
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/participation/model", "Saved the participation settings: every member's standing is being derived again.")
}

// settingsInt reads a whole number from a form, 0 when it is not one (the
// domain refuses 0 and names the field).
func settingsInt(f url.Values, name string) int {
	n, err := strconv.Atoi(strings.TrimSpace(f.Get(name)))
	if err != nil {
		return 0
	}
	return n
}

func (s *Server) renderModel(w http.ResponseWriter, r *http.Request, status int, v view) {
	ctx := r.Context()
	st, err := s.app.Participation.Settings(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	state, err := s.app.Participation.StandingState(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if v.Form == nil {
		v.Form = url.Values{"window_days": {strconv.Itoa(st.WindowDays)}, "half_life_days": {strconv.Itoa(st.HalfLifeDays)},
			"version": {strconv.FormatInt(st.Version, 10)}}
	}
	v.Title, v.Nav = "How participation is worked out", "participation"
	v.Data = modelPage{Settings: st, State: state, Stages: participation.StageRules, Lists: participation.Lists,
		Modes: participation.Modes(), Today: s.today(), Regular: participation.RegularDaysMin, Quiet: participation.QuietDays,
		Months: participation.DefaultMonths}
	s.render(w, r, status, "participation_model", v)
}
