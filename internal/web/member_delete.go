package web

import "net/http"

// memberDelete removes a member with their key-member record and their
// follow-ups; interactions stay, without them among the participants. The
// button asks first; archiving is the gentler choice the profile offers.
func (s *Server) memberDelete(w http.ResponseWriter, r *http.Request) {
	m, ok := s.loadMember(w, r)
	if !ok {
		return
	}
	if err := s.app.Members.Delete(r.Context(), m.ID); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/members", "Deleted "+m.Name+".")
}
