package web

import (
	"net/http"
	"net/url"
	"strconv"
)

// contentNew shows the form to add a content item; ?kind=, ?status= and
// ?planned_on= prefill it.
func (s *Server) contentNew(w http.ResponseWriter, r *http.Request) {
	form := url.Values{}
	q := r.URL.Query()
	for _, k := range []string{"kind", "status", "planned_on"} {
		if v := q.Get(k); v != "" {
			form.Set(k, v)
		}
	}
	s.renderContentForm(w, r, http.StatusOK, 0, view{Form: form})
}

// contentFind answers the form's Find button (op=find): the same form
// again, as typed, with the members matching its search offered to tick.
// It is sent by POST so names typed never land in a URL.
func (s *Server) contentFind(w http.ResponseWriter, r *http.Request, id int64) bool {
	if r.PostForm.Get("op") != "find" {
		return false
	}
	s.renderContentForm(w, r, http.StatusOK, id, view{Form: r.PostForm})
	return true
}

// contentCreate stores a new item and goes to its page; a form with
// problems comes back with them beside their fields (422).
func (s *Server) contentCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	if s.contentFind(w, r, 0) {
		return
	}
	it, err := s.app.Content.Create(r.Context(), contentInput(r.PostForm))
	if e, ok := asInvalid(err); ok {
		s.renderContentForm(w, r, http.StatusUnprocessableEntity, 0, view{Form: r.PostForm, Errors: e.Fields, FormError: e.Message})
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/content/"+strconv.FormatInt(it.ID, 10), "Content saved.")
}
