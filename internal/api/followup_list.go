package api

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/relationships"
)

// followUpPage is one page of follow-ups; NextCursor is left out on the
// last page.
type followUpPage struct {
	FollowUps  []relationships.FollowUp `json:"followups"`
	NextCursor string                   `json:"next_cursor,omitempty"`
}

// FollowUpList answers GET /api/v1/followups, a page at a time. Query:
// status = open (the default), overdue, due, upcoming, done or all;
// owner_id, member_id, cursor, limit (1..500). Open follow-ups come soonest
// due first, done ones most recently completed first. Errors: Invalid
// naming the parameter.
func (h *Handler) FollowUpList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var fe apperr.FieldErrors
	f := relationships.FollowUpFilter{
		Status:   q.Get("status"),
		OwnerID:  queryID(&fe, q, "owner_id"),
		MemberID: queryID(&fe, q, "member_id"),
		Cursor:   q.Get("cursor"),
		Limit:    queryLimit(&fe, q),
	}
	if err := fe.Err(); err != nil {
		h.fail(w, r, err)
		return
	}
	list, next, err := h.app.Relationships.ListFollowUps(r.Context(), f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, followUpPage{FollowUps: list, NextCursor: next})
}
