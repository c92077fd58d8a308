package web

import (
	"fmt"
	"net/http"
)

// jobRetry puts a failed job back in the queue, for an owner who fixed
// what made it fail.
func (s *Server) jobRetry(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	j, err := s.app.Jobs.Retry(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/jobs", fmt.Sprintf("Job %d (%s) is queued again.", j.ID, j.Kind))
}
