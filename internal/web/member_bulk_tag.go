package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/httpx"
)

// memberBulkTag adds a tag to, or removes it from, the members ticked on
// the list (fields ids, tag, action=add|remove), then goes back to the list
// as it was: "back" holds the list's query, and the redirect only ever
// goes to /members?... whatever it says.
func (s *Server) memberBulkTag(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	back := memberListPath(r.PostForm.Get("back"))
	var ids []int64
	for _, raw := range r.PostForm["ids"] {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 {
			s.renderError(w, r, apperr.New(apperr.Invalid, "The list of members sent was not understood."))
			return
		}
		ids = append(ids, id)
	}
	remove := r.PostForm.Get("action") == "remove"
	if len(ids) == 0 {
		s.redirectProblem(w, r, back, "Tick at least one member first.")
		return
	}
	tag := r.PostForm.Get("tag")
	n, err := s.app.Members.BulkTag(r.Context(), ids, tag, remove)
	if err != nil {
		code, msg, fields := httpx.Public(err)
		if code != apperr.Invalid {
			s.renderError(w, r, err)
			return
		}
		if f, ok := fields["tag"]; ok {
			msg = "The tag " + f + "."
		}
		s.redirectProblem(w, r, back, msg)
		return
	}
	msg := fmt.Sprintf("Tagged %s.", memberPlural(n, "member", "members"))
	if remove {
		msg = fmt.Sprintf("Removed the tag from %s.", memberPlural(n, "member", "members"))
	}
	s.redirect(w, r, back, msg)
}

// redirectProblem goes back to a page that holds no form of its own to
// re-render, with an error message to show there.
func (s *Server) redirectProblem(w http.ResponseWriter, r *http.Request, to, message string) {
	s.setFlash(w, flash{Kind: "error", Message: message})
	http.Redirect(w, r, to, http.StatusSeeOther)
}
