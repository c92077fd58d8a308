package api

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/httpx"
)

// ImportReviewList answers GET /api/v1/imports/review with a page of the
// review queue: every uncertain match of every import not yet settled,
// oldest first, both members' records in full. Query: after_id (the
// previous page's next_after_id), limit (1..500). Errors: Invalid naming
// the parameter.
func (h *Handler) ImportReviewList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var fe apperr.FieldErrors
	after, limit := queryID(&fe, q, "after_id"), queryLimit(&fe, q)
	if err := fe.Err(); err != nil {
		h.fail(w, r, err)
		return
	}
	page, err := h.app.Imports.ReviewQueue(r.Context(), after, limit)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, page)
}

// ImportReviewMerge answers POST /api/v1/imports/review/{id}/merge, body
// optional {"keep": "existing"|"new"} (default existing), with the kept
// member after the undoable member merge (POST /api/v1/merges/{id}/undo
// takes it back). Errors: NotFound when the match is not waiting (settled
// already), Invalid naming "keep", the merge's own errors.
func (h *Handler) ImportReviewMerge(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "match to review")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var body struct {
		Keep string `json:"keep"`
	}
	if r.ContentLength != 0 {
		if err := httpx.DecodeJSON(w, r, &body); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if body.Keep != "" && body.Keep != "existing" && body.Keep != "new" {
		var fe apperr.FieldErrors
		fe.Add("keep", "must be existing or new")
		h.fail(w, r, fe.Err())
		return
	}
	m, err := h.app.Imports.ReviewMerge(r.Context(), id, body.Keep == "new")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, m)
}

// ImportReviewDistinct answers POST /api/v1/imports/review/{id}/distinct
// with the settled match, after recording that its two members are
// different people (the same decision as POST
// /api/v1/members/{id}/not-duplicates). NotFound when the match is not
// waiting.
func (h *Handler) ImportReviewDistinct(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "match to review")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v, err := h.app.Imports.ReviewDistinct(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, v)
}
