package web

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/apperr"
)

// The forms people type into are shown again when the edge finds text it
// cannot take in them, with the problem beside each field and what was
// typed kept, so a pasted control character costs nothing to correct.
// Other forms (buttons, settings) get the error page.

// formPage shows a form again with v.
type formPage func(w http.ResponseWriter, r *http.Request, v view)

// textFormPage returns what shows rt's form again with v (status 422), or
// nil when rt has no such form.
func (s *Server) textFormPage(rt Route) formPage {
	return s.textFormPages()[rt.Method+" "+rt.Pattern]
}

// textFormPages are the forms shown again, by route ("POST /groups").
func (s *Server) textFormPages() map[string]formPage {
	const status = http.StatusUnprocessableEntity
	interactionNew := func(w http.ResponseWriter, r *http.Request, v view) {
		s.renderInteractionForm(w, r, status, 0, v)
	}
	interactionEdit := func(w http.ResponseWriter, r *http.Request, v view) {
		id, err := pathID(r)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		s.renderInteractionForm(w, r, status, id, v)
	}
	contentNew := func(w http.ResponseWriter, r *http.Request, v view) {
		s.renderContentForm(w, r, status, 0, v)
	}
	contentEdit := func(w http.ResponseWriter, r *http.Request, v view) {
		id, err := pathID(r)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		s.renderContentForm(w, r, status, id, v)
	}
	return map[string]formPage{
		"GET /content/new":            contentNew,
		"POST /content":               contentNew,
		"GET /content/{id}/edit":      contentEdit,
		"POST /content/{id}":          contentEdit,
		"GET /interactions/new":       interactionNew,
		"POST /interactions":          interactionNew,
		"GET /interactions/{id}/edit": interactionEdit,
		"POST /interactions/{id}":     interactionEdit,
		"GET /members": func(w http.ResponseWriter, r *http.Request, v view) {
			s.renderMemberList(w, r, status, v.Form, view{Errors: v.Errors, FormError: v.FormError})
		},
		"POST /followups": func(w http.ResponseWriter, r *http.Request, v view) {
			s.renderFollowUpForm(w, r, status, v)
		},
		"POST /members/{id}/key": func(w http.ResponseWriter, r *http.Request, v view) {
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
		},
		"POST /groups": func(w http.ResponseWriter, r *http.Request, v view) {
			s.renderGroups(w, r, status, v, v.FormError)
		},
		"POST /members": func(w http.ResponseWriter, r *http.Request, v view) {
			s.renderMemberForm(w, r, status, v, newMemberForm())
		},
		"POST /members/{id}": func(w http.ResponseWriter, r *http.Request, v view) {
			m, ok := s.loadMember(w, r)
			if !ok {
				return
			}
			s.renderMemberForm(w, r, status, v, editMemberForm(m))
		},
	}
}
