package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/imports"
)

// The review queue: GET /imports/review lists every uncertain match from
// every import (a new member imported beside someone with the same name),
// oldest first, ?after=ID for the next page, both records side by side.
// POST /imports/review/{id}/merge folds the new member into the one
// already here (keep=new keeps the new one) with the undoable merge; POST
// /imports/review/{id}/distinct marks them not the same person.

const importReviewPage = 25

type importReviewData struct {
	Page  imports.ReviewPage
	After int64
}

func (s *Server) importReview(w http.ResponseWriter, r *http.Request) {
	var after int64
	if v := r.URL.Query().Get("after"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			s.renderError(w, r, &apperr.Error{Code: apperr.Invalid, Message: "after: must be a match's id.",
				Fields: map[string]string{"after": "must be a match's id"}})
			return
		}
		after = n
	}
	page, err := s.app.Imports.ReviewQueue(r.Context(), after, importReviewPage)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "import_review", view{Title: "Matches to review", Nav: "members",
		Data: importReviewData{Page: page, After: after}})
}

func (s *Server) importReviewMerge(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	v, err := s.app.Imports.GetReview(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	kept, err := s.app.Imports.ReviewMerge(r.Context(), id, r.PostForm.Get("keep") == "new")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	drop := v.New.ID
	if kept.ID == v.New.ID {
		drop = v.Existing.ID
	}
	s.redirect(w, r, "/imports/review", fmt.Sprintf("Merged #%d into %s (#%d). If it was a mistake, Undo merge is on %s's Merge page.",
		drop, kept.Name, kept.ID, kept.Name))
}

func (s *Server) importReviewDistinct(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v, err := s.app.Imports.ReviewDistinct(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/imports/review", fmt.Sprintf("Noted: #%d and #%d are different people. No import or duplicate check will pair them again.",
		v.New.ID, v.Existing.ID))
}
