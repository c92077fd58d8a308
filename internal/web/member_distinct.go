package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/trellis-community/trellis/internal/apperr"
)

// "Not the same person": POST /members/{id}/distinct with other=ID records
// that the two are different people, so neither is offered as the other's
// duplicate again; POST /members/{id}/distinct/{other}/remove takes that
// back. Both return to the merge page.

func (s *Server) memberDistinct(w http.ResponseWriter, r *http.Request) {
	m, ok := s.loadMember(w, r)
	if !ok {
		return
	}
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	other, err := strconv.ParseInt(r.PostForm.Get("other"), 10, 64)
	if err != nil || other <= 0 {
		s.renderError(w, r, apperr.New(apperr.Invalid, "Choose the member who is not the same person as %s.", m.Name))
		return
	}
	if err := s.app.Members.MarkDistinct(r.Context(), m.ID, other); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, memberPath(m.ID)+"/merge", fmt.Sprintf("Noted: #%d and #%d are different people. "+
		"They will not be offered as duplicates of each other again.", m.ID, other))
}

func (s *Server) memberDistinctRemove(w http.ResponseWriter, r *http.Request) {
	m, ok := s.loadMember(w, r)
	if !ok {
		return
	}
	other, err := strconv.ParseInt(r.PathValue("other"), 10, 64)
	if err != nil || other <= 0 {
		s.renderError(w, r, apperr.NotFoundf("There is no member %q.", r.PathValue("other")))
		return
	}
	if err := s.app.Members.UnmarkDistinct(r.Context(), m.ID, other); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, memberPath(m.ID)+"/merge", fmt.Sprintf("#%d and #%d may be the same person after all: "+
		"they are offered as duplicates again.", m.ID, other))
}
