package web

import (
	"fmt"
	"net/http"
)

// importUndo takes an import back while nothing newer depends on it.
func (s *Server) importUndo(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	run, err := s.app.Imports.Undo(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, fmt.Sprintf("/imports/%d", id), fmt.Sprintf("Import %d (%s) is undone.", run.ID, run.FileName))
}
