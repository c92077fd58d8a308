package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/trellis-community/trellis/internal/members"
)

// loadMember is the member named by the {id} wildcard; on failure it has
// already shown the error page and returns false.
func (s *Server) loadMember(w http.ResponseWriter, r *http.Request) (members.Member, bool) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return members.Member{}, false
	}
	m, err := s.app.Members.Get(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return members.Member{}, false
	}
	return m, true
}

// memberPath is a member's profile address.
func memberPath(id int64) string { return "/members/" + strconv.FormatInt(id, 10) }

// memberListPath is the members list showing query, which is re-encoded so
// that whatever a form sent, the result is a path on this site.
func memberListPath(query string) string {
	v, err := url.ParseQuery(query)
	if err != nil || len(v) == 0 {
		return "/members"
	}
	return "/members?" + v.Encode()
}
