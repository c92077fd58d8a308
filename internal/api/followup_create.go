package api

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/httpx"
)

// FollowUpCreate answers POST /api/v1/followups {"what", "due_on",
// "owner_id", "member_id", "interaction_id"} with 201 and the follow-up.
// Errors: Invalid naming what, due_on, or an owner_id, member_id or
// interaction_id that names nothing.
func (h *Handler) FollowUpCreate(w http.ResponseWriter, r *http.Request) {
	var body newFollowUp
	if err := httpx.DecodeJSON(w, r, &body); err != nil {
		h.fail(w, r, err)
		return
	}
	f, err := h.app.Relationships.CreateFollowUp(r.Context(), body.input())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	setETag(w, f.Version)
	created(w, "/api/v1/followups", f.ID, f)
}

// FollowUpGet answers GET /api/v1/followups/{id}; NotFound when there is
// none.
func (h *Handler) FollowUpGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "follow-up")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f, err := h.app.Relationships.GetFollowUp(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	setETag(w, f.Version)
	ok(w, f)
}
