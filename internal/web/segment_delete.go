package web

import "net/http"

// segmentDelete forgets a saved filter; the members it matched stay as
// they are.
func (s *Server) segmentDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	ctx := r.Context()
	seg, err := s.app.Members.GetSegment(ctx, id)
	if err == nil {
		err = s.app.Members.DeleteSegment(ctx, id)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/members", "Deleted the segment "+seg.Name+".")
}
