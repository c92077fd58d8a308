package web

import (
	"net/http"
	"net/url"
	"strconv"
)

// contentNew shows the form to add a content item; ?status= and
// ?planned_on= prefill it (from the board and the calendar), and the
// form's own Find comes back here with what was typed so far.
func (s *Server) contentNew(w http.ResponseWriter, r *http.Request) {
	form := url.Values{}
	for k, v := range r.URL.Query() {
		form[k] = v
	}
	s.renderContentForm(w, r, http.StatusOK, 0, view{Form: form})
}

// contentCreate stores a new item and goes to its page; a form with
// problems comes back with them beside their fields (422).
func (s *Server) contentCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
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
