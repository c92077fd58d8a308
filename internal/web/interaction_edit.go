package web

import (
	"net/http"
	"strconv"
)

// interactionEdit shows the form to correct an interaction. Its follow-ups
// are changed on their own, not here.
func (s *Server) interactionEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	it, err := s.app.Relationships.GetInteraction(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form := interactionValues(it)
	form.Set("version", strconv.FormatInt(it.Version, 10))
	s.renderInteractionForm(w, r, http.StatusOK, id, view{Form: form})
}

// interactionUpdate saves the corrected interaction, provided no one
// changed it since the form was opened; otherwise the form comes back, as
// typed, with what changed (409).
func (s *Server) interactionUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	if s.interactionFindOrAdd(w, r, id) {
		return
	}
	version, err := formVersion(r.PostForm)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	in := interactionInput(r.PostForm)
	in.FollowUp = nil
	_, err = s.app.Relationships.UpdateInteractionAt(r.Context(), id, version, in)
	if notice, form, stale := staleForm(err, r.PostForm); stale {
		s.renderInteractionForm(w, r, http.StatusConflict, id, view{Form: form, Stale: notice})
		return
	}
	if e, ok := asInvalid(err); ok {
		s.renderInteractionForm(w, r, http.StatusUnprocessableEntity, id,
			view{Form: r.PostForm, Errors: e.Fields, FormError: e.Message})
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/interactions/"+strconv.FormatInt(id, 10), "Interaction saved.")
}
