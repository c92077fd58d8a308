package web

import "net/http"

// memberArchive takes a member off the list without deleting anything:
// for people who have left but whose history matters.
func (s *Server) memberArchive(w http.ResponseWriter, r *http.Request) {
	m, ok := s.loadMember(w, r)
	if !ok {
		return
	}
	if err := s.app.Members.Archive(r.Context(), m.ID); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, memberPath(m.ID), "Archived "+m.Name+". They no longer appear in the members list.")
}

// memberUnarchive brings an archived member back onto the list.
func (s *Server) memberUnarchive(w http.ResponseWriter, r *http.Request) {
	m, ok := s.loadMember(w, r)
	if !ok {
		return
	}
	if err := s.app.Members.Unarchive(r.Context(), m.ID); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, memberPath(m.ID), "Unarchived "+m.Name+". They are back in the members list.")
}
