package api

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
)

// memberPage is one page of members; NextCursor is left out on the last
// page.
type memberPage struct {
	Members    []memberJSON `json:"members"`
	NextCursor string       `json:"next_cursor,omitempty"`
}

// MemberList answers GET /api/v1/members with one page of members, in full.
// Query: limit (1..500, default 50), cursor (the next_cursor of the
// previous page), and every filter key the members list understands, as
// members.ParseFilter reads them (q, status, name, time_zone, min_hours,
// field.NAME ... sort). Errors: Invalid naming the parameter. A page costs
// a fixed handful of queries whatever its size.
func (h *Handler) MemberList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var fe apperr.FieldErrors
	page := members.Page{Limit: queryLimit(&fe, q), Cursor: q.Get("cursor")}
	if err := fe.Err(); err != nil {
		h.fail(w, r, err)
		return
	}
	f, err := members.ParseFilter(q)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	res, err := h.app.Members.List(r.Context(), f, page)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	list, err := h.withParticipation(r.Context(), res.Members)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, memberPage{Members: list, NextCursor: res.Next})
}
