package web

import (
	"net/http"
	"strconv"
)

// contentEdit shows the form to change an item.
func (s *Server) contentEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	it, err := s.app.Content.Get(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form := contentValues(it)
	form.Set("version", strconv.FormatInt(it.Version, 10))
	s.renderContentForm(w, r, http.StatusOK, id, view{Form: form})
}

// contentUpdate saves the changed item, provided no one changed it since
// the form was opened; otherwise the form comes back, as typed, with what
// changed (409).
func (s *Server) contentUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	if s.contentFind(w, r, id) {
		return
	}
	version, err := formVersion(r.PostForm)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	_, err = s.app.Content.UpdateAt(r.Context(), id, version, contentInput(r.PostForm))
	if notice, form, stale := staleForm(err, r.PostForm); stale {
		s.renderContentForm(w, r, http.StatusConflict, id, view{Form: form, Stale: notice})
		return
	}
	if e, ok := asInvalid(err); ok {
		s.renderContentForm(w, r, http.StatusUnprocessableEntity, id, view{Form: r.PostForm, Errors: e.Fields, FormError: e.Message})
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/content/"+strconv.FormatInt(id, 10), "Content saved.")
}

// contentDelete removes an item; the items of a pillar's campaign stay.
func (s *Server) contentDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if _, err := s.app.Content.Get(r.Context(), id); err != nil {
		s.renderError(w, r, err)
		return
	}
	version, ok := s.deleteVersion(w, r)
	if !ok {
		return
	}
	err = s.app.Content.Delete(r.Context(), id, version)
	if msg, stale := staleDelete(err); stale {
		s.redirectProblem(w, r, "/content/"+strconv.FormatInt(id, 10), msg)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/content", "Content deleted.")
}
