package api

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/httpx"
)

// newInteraction is what POST /api/v1/interactions sends: the interaction,
// and optionally the follow-up it gave rise to.
type newInteraction struct {
	interactionFields
	FollowUp *followUpFields `json:"followup"`
}

// InteractionLog answers POST /api/v1/interactions with 201 and the stored
// interaction (with its follow-up, when one was sent). occurred_on
// defaults to today. Errors are Invalid naming the field: occurred_on,
// channel, summary, member_ids, user_ids, followup.what, followup.due_on ...
func (h *Handler) InteractionLog(w http.ResponseWriter, r *http.Request) {
	var body newInteraction
	if err := httpx.DecodeJSON(w, r, &body); err != nil {
		h.fail(w, r, err)
		return
	}
	in := body.input()
	if body.FollowUp != nil {
		fu := body.FollowUp.input()
		in.FollowUp = &fu
	}
	it, err := h.app.Relationships.LogInteraction(r.Context(), in)
	if err != nil {
		h.fail(w, r, renameFields(err, interactionFieldNames))
		return
	}
	setETag(w, it.Version)
	created(w, "/api/v1/interactions", it.ID, it)
}
