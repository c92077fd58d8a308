package api

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/httpx"
)

// MemberMerge answers POST /api/v1/members/{id}/merge {"drop_id": N} with
// the kept member {id}, after folding member N into it (lists unioned,
// empty fields filled, notes appended, interactions and follow-ups moved)
// and deleting N. Errors: Invalid naming "drop_id" when it is missing or
// equals id; NotFound when either member does not exist.
func (h *Handler) MemberMerge(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "member")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var body struct {
		DropID int64 `json:"drop_id"`
	}
	if err := httpx.DecodeJSON(w, r, &body); err != nil {
		h.fail(w, r, err)
		return
	}
	var fe apperr.FieldErrors
	switch {
	case body.DropID <= 0:
		fe.Add("drop_id", "is required: the id of the member to fold into this one")
	case body.DropID == id:
		fe.Add("drop_id", "must be another member than the one kept")
	}
	if err := fe.Err(); err != nil {
		h.fail(w, r, err)
		return
	}
	m, err := h.app.Members.Merge(r.Context(), id, body.DropID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, m)
}
