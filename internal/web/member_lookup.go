package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
)

// memberPathID reads the {id} wildcard of a member or segment route. An id
// that is not a positive number names nothing, so it is NotFound.
func memberPathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.NotFoundf("There is nothing with id %q.", r.PathValue("id"))
	}
	return id, nil
}

// loadMember is the member named by the {id} wildcard; on failure it has
// already shown the error page and returns false.
func (s *Server) loadMember(w http.ResponseWriter, r *http.Request) (members.Member, bool) {
	id, err := memberPathID(r)
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

// memberReadForm reads a posted form; a body that cannot be read is Invalid.
func memberReadForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return apperr.New(apperr.Invalid, "The form could not be read.")
	}
	return nil
}
