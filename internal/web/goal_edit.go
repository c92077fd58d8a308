package web

import (
	"net/http"
	"strconv"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/goals"
)

// goalNew shows the form for a new goal.
func (s *Server) goalNew(w http.ResponseWriter, r *http.Request) {
	s.renderGoalForm(w, r, http.StatusOK, 0, view{Form: compactGoalForm(nil)})
}

// goalCreate stores a new goal and goes to its page.
func (s *Server) goalCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	form := compactGoalForm(r.PostForm)
	var fe apperr.FieldErrors
	g := goalInput(form, &fe)
	if errs, bad := goalFormErrors(g, fe, s.today()); bad {
		s.renderGoalForm(w, r, http.StatusUnprocessableEntity, 0, view{Form: form, Errors: errs})
		return
	}
	g, err := s.app.Goals.Create(r.Context(), g)
	if e, ok := asInvalid(err); ok {
		s.renderGoalForm(w, r, http.StatusUnprocessableEntity, 0, view{Form: form, Errors: e.Fields, FormError: e.Message})
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/goals/"+strconv.FormatInt(g.ID, 10), "Goal added.")
}

// goalEdit shows the form to change a goal and its indicators.
func (s *Server) goalEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	g, err := s.app.Goals.Get(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderGoalForm(w, r, http.StatusOK, id, view{Form: goalValues(g)})
}

// goalUpdate saves the changed goal, provided no one changed it since the
// form was opened; otherwise the form comes back, as typed, with what
// changed (409). Its status is kept: retiring has its own button.
func (s *Server) goalUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	version, err := formVersion(r.PostForm)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form := compactGoalForm(r.PostForm)
	var fe apperr.FieldErrors
	g := goalInput(form, &fe)
	if errs, bad := goalFormErrors(g, fe, s.today()); bad {
		s.renderGoalForm(w, r, http.StatusUnprocessableEntity, id, view{Form: form, Errors: errs})
		return
	}
	_, err = s.app.Goals.Edit(r.Context(), id, version, func(cur goals.Goal) (goals.Goal, error) {
		g.Status, g.RetiredOn = cur.Status, cur.RetiredOn
		return g, nil
	})
	if notice, kept, stale := staleForm(err, form); stale {
		s.renderGoalForm(w, r, http.StatusConflict, id, view{Form: kept, Stale: notice})
		return
	}
	if e, ok := asInvalid(err); ok {
		s.renderGoalForm(w, r, http.StatusUnprocessableEntity, id, view{Form: form, Errors: e.Fields, FormError: e.Message})
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/goals/"+strconv.FormatInt(id, 10), "Goal saved.")
}
