package api

import (
	"net/http"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/relationships"
)

// interactionPage is one page of interactions; NextCursor is left out on
// the last page.
type interactionPage struct {
	Interactions []relationships.Interaction `json:"interactions"`
	NextCursor   string                      `json:"next_cursor,omitempty"`
}

// InteractionList answers GET /api/v1/interactions with interactions newest
// first, each with its participants and follow-ups, a page at a time.
// Query: member_id, user_id, channel, from, to (YYYY-MM-DD, inclusive),
// cursor, limit (1..500). Errors: Invalid naming the parameter.
func (h *Handler) InteractionList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var fe apperr.FieldErrors
	f := relationships.InteractionFilter{
		MemberID: queryID(&fe, q, "member_id"),
		UserID:   queryID(&fe, q, "user_id"),
		Channel:  relationships.Channel(strings.ToLower(strings.TrimSpace(q.Get("channel")))),
		From:     strings.TrimSpace(q.Get("from")),
		To:       strings.TrimSpace(q.Get("to")),
		Cursor:   q.Get("cursor"),
		Limit:    queryLimit(&fe, q),
	}
	if err := fe.Err(); err != nil {
		h.fail(w, r, err)
		return
	}
	list, next, err := h.app.Relationships.ListInteractions(r.Context(), f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, interactionPage{Interactions: list, NextCursor: next})
}
