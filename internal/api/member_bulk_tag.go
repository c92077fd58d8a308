package api

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/httpx"
	"github.com/trellis-community/trellis/internal/members"
)

// MemberBulkTag answers POST /api/v1/members/bulk-tag {"ids": [...], "tag":
// "x", "remove": false} with {"changed": n}: how many members gained (or,
// with remove, lost) the tag. Members who already had it (lacked it) and
// ids that name nobody are skipped. Errors: Invalid naming "ids" or "tag".
func (h *Handler) MemberBulkTag(w http.ResponseWriter, r *http.Request) {
	var body struct {
		IDs    []int64 `json:"ids"`
		Tag    string  `json:"tag"`
		Remove bool    `json:"remove"`
	}
	if err := httpx.DecodeJSON(w, r, &body); err != nil {
		h.fail(w, r, err)
		return
	}
	var fe apperr.FieldErrors
	switch {
	case len(body.IDs) == 0:
		fe.Add("ids", "choose at least one member")
	case len(body.IDs) > members.MaxBulkIDs:
		fe.Add("ids", "at most %d members at a time", members.MaxBulkIDs)
	}
	if err := fe.Err(); err != nil {
		h.fail(w, r, err)
		return
	}
	n, err := h.app.Members.BulkTag(r.Context(), body.IDs, body.Tag, body.Remove)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, struct {
		Changed int `json:"changed"`
	}{n})
}
