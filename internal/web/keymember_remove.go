package web

import (
	"net/http"
	"strconv"
)

// keyMemberRemove stops tracking a member as key. Their interactions and
// follow-ups stay; only the cadence, groups and note go.
func (s *Server) keyMemberRemove(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	ctx := r.Context()
	m, err := s.app.Members.Get(ctx, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := s.app.Relationships.RemoveKeyMember(ctx, id); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/members/"+strconv.FormatInt(id, 10), m.DisplayName()+" is no longer a key member.")
}
