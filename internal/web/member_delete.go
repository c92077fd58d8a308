package web

import "net/http"

// memberDelete removes a member with their key-member record and their
// follow-ups; interactions stay, without them among the participants. The
// button asks first; archiving is the gentler choice the profile offers.
// When the member changed since the page was opened nothing is deleted and
// the page comes back saying what changed.
func (s *Server) memberDelete(w http.ResponseWriter, r *http.Request) {
	m, ok := s.loadMember(w, r)
	if !ok {
		return
	}
	version, ok := s.deleteVersion(w, r)
	if !ok {
		return
	}
	err := s.app.Members.DeleteAt(r.Context(), m.ID, version)
	if msg, stale := staleDelete(err); stale {
		s.redirectProblem(w, r, memberPath(m.ID), msg)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/members", "Deleted "+m.Name+".")
}
