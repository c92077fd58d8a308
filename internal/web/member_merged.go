package web

import (
	"fmt"
	"net/http"

	"github.com/trellis-community/trellis/internal/apperr"
)

// redirectMerged sends a request for the profile of a member who was
// merged away (an old link, the audit log, a bookmark) to the member who
// holds their record now, with a flash saying so, and reports whether it
// did. Anything else (the member exists, or never did) is left to the
// handler, which shows the profile or its usual 404.
func (s *Server) redirectMerged(w http.ResponseWriter, r *http.Request) bool {
	id, err := pathID(r)
	if err != nil {
		return false
	}
	if _, err := s.app.Members.Get(r.Context(), id); !apperr.Is(err, apperr.NotFound) {
		return false
	}
	m, err := s.app.Members.MergedInto(r.Context(), id)
	if err != nil {
		return false
	}
	setFlash(w, flash{Kind: "info", Message: fmt.Sprintf("Member #%d (%s) was merged into this record on %s.",
		id, m.DroppedName, m.MergedAt.Format("2 January 2006"))})
	http.Redirect(w, r, memberPath(m.KeptID), http.StatusSeeOther)
	return true
}
