package web

import (
	"fmt"
	"net/http"
)

// memberMergeUndo takes a merge back: POST /merges/{id}/undo. Both records
// come back as they were, or, when that can no longer be done exactly,
// nothing changes and the page says why (409).
func (s *Server) memberMergeUndo(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	kept, restored, err := s.app.Members.UndoMerge(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, memberPath(kept.ID)+"/merge", fmt.Sprintf("Undid the merge: %s (#%d) and %s (#%d) are separate records again.",
		restored.Name, restored.ID, kept.Name, kept.ID))
}
