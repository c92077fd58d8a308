package web

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/apperr"
)

// The forms people type into are shown again when the edge finds text it
// cannot take in them, with the problem beside each field and what was
// typed kept, so a pasted control character costs nothing to correct.
// Other forms (buttons, settings) get the error page.

// textFormPage returns what shows rt's form again with v (status 422), or
// nil when rt has no such form.
func (s *Server) textFormPage(rt Route) func(w http.ResponseWriter, r *http.Request, v view) {
	const status = http.StatusUnprocessableEntity
	switch rt.Method + " " + rt.Pattern {
	case "POST /interactions":
		return func(w http.ResponseWriter, r *http.Request, v view) { s.renderInteractionForm(w, r, status, 0, v) }
	case "POST /interactions/{id}":
		return func(w http.ResponseWriter, r *http.Request, v view) {
			id, err := pathID(r)
			if err != nil {
				s.renderError(w, r, err)
				return
			}
			s.renderInteractionForm(w, r, status, id, v)
		}
	case "POST /followups":
		return func(w http.ResponseWriter, r *http.Request, v view) { s.renderFollowUpForm(w, r, status, v) }
	case "POST /members/{id}/key":
		return func(w http.ResponseWriter, r *http.Request, v view) {
			m, ok := s.loadMember(w, r)
			if !ok {
				return
			}
			_, err := s.app.Relationships.GetKeyMember(r.Context(), m.ID)
			if err != nil && !apperr.Is(err, apperr.NotFound) {
				s.renderError(w, r, err)
				return
			}
			s.renderKeyMemberForm(w, r, status, m, err == nil, v)
		}
	case "POST /groups":
		return func(w http.ResponseWriter, r *http.Request, v view) { s.renderGroups(w, r, status, v, v.FormError) }
	case "POST /members":
		return func(w http.ResponseWriter, r *http.Request, v view) {
			s.renderMemberForm(w, r, status, v, newMemberForm())
		}
	case "POST /members/{id}":
		return func(w http.ResponseWriter, r *http.Request, v view) {
			m, ok := s.loadMember(w, r)
			if !ok {
				return
			}
			s.renderMemberForm(w, r, status, v, editMemberForm(m))
		}
	}
	return nil
}
