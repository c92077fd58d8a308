package web

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/imports"
)

type importListData struct {
	Runs  []imports.Run
	Kinds []imports.Importer
	// Sessions are the dates an attendance file can be the attendance of.
	Sessions []sessionChoice
	// Review is how many uncertain matches wait in the review queue.
	Review int64
}

// importList shows the latest imports with their counts, and to writers
// the form to upload a file.
func (s *Server) importList(w http.ResponseWriter, r *http.Request) {
	runs, err := s.app.Imports.List(r.Context(), 100)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	review, err := s.app.Imports.ReviewCount(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "import_list", view{Title: "Imports", Nav: "members",
		Data: importListData{Runs: runs, Kinds: s.app.Imports.Kinds(), Sessions: s.recentSessions(r.Context()), Review: review}})
}
