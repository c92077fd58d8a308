package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/trellis-community/trellis/internal/participation"
)

// kindFormPage is what the kind's edit form shows.
type kindFormPage struct {
	Kind  participation.Kind
	Modes []option
}

// kindEdit shows the form that changes a kind's label, mode, weight and why.
func (s *Server) kindEdit(w http.ResponseWriter, r *http.Request) {
	k, err := s.app.Participation.Kind(r.Context(), r.PathValue("key"))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form := url.Values{"label": {k.Label}, "mode": {string(k.Mode)}, "weight": {strconv.Itoa(k.Weight)}, "why": {k.Why}}
	s.renderKindForm(w, r, http.StatusOK, k, view{Form: form})
}

// kindUpdate saves the kind and goes back to the list.
func (s *Server) kindUpdate(w http.ResponseWriter, r *http.Request) {
	k, err := s.app.Participation.Kind(r.Context(), r.PathValue("key"))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	saved, err := s.app.Participation.UpdateKind(r.Context(), k.Key, kindInput(r.PostForm))
	if e, ok := asInvalid(err); ok {
		s.renderKindForm(w, r, http.StatusUnprocessableEntity, k, view{Form: r.PostForm, Errors: e.Fields, FormError: "The kind was not saved."})
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/participation/kinds", "Saved "+saved.Label+": it counts as "+saved.Mode.Label()+", weight "+strconv.Itoa(saved.Weight)+".")
}

func (s *Server) renderKindForm(w http.ResponseWriter, r *http.Request, status int, k participation.Kind, v view) {
	v.Title, v.Nav, v.Data = "Change "+k.Label, "settings", kindFormPage{Kind: k, Modes: modeOptions()}
	s.render(w, r, status, "kind_form", v)
}
