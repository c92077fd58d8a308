package web

import (
	"fmt"
	"net/http"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
)

// loadMemberOrMerged is loadMember for pages a link may lead to long after
// the fact (the profile: from the audit log, a bookmark, an email): when
// the member was merged into another, it sends the browser to the member
// who holds the record now, with a flash saying so, rather than a 404.
func (s *Server) loadMemberOrMerged(w http.ResponseWriter, r *http.Request) (members.Member, bool) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return members.Member{}, false
	}
	m, err := s.app.Members.Get(r.Context(), id)
	if apperr.Is(err, apperr.NotFound) {
		if into, err := s.app.Members.MergedInto(r.Context(), id); err == nil {
			s.setFlash(w, flash{Kind: "info", Message: fmt.Sprintf("Member #%d (%s) was merged into this record on %s.",
				id, into.DroppedName, into.MergedAt.Format("2 January 2006"))})
			http.Redirect(w, r, memberPath(into.KeptID), http.StatusSeeOther)
			return members.Member{}, false
		}
	}
	if err != nil {
		s.renderError(w, r, err)
		return members.Member{}, false
	}
	return m, true
}
