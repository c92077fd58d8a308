package web

import (
	"net/http"
	"strconv"
)

// keyMemberRemove stops tracking a member as key. Their interactions and
// follow-ups stay; only the cadence, groups and note go.
func (s *Server) keyMemberRemove(w http.ResponseWriter, r *http.Request) {
	m, ok := s.loadMember(w, r)
	if !ok {
		return
	}
	id := m.ID
	ctx := r.Context()
	version, ok := s.deleteVersion(w, r)
	if !ok {
		return
	}
	err := s.app.Relationships.RemoveKeyMemberAt(ctx, id, version)
	if msg, stale := staleDelete(err); stale {
		s.redirectProblem(w, r, "/members/"+strconv.FormatInt(id, 10)+"/key", msg)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/members/"+strconv.FormatInt(id, 10), m.DisplayName()+" is no longer a key member.")
}
