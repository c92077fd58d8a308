package api

import "net/http"

// Dashboard answers GET /api/v1/dashboard with the relationship dashboard:
// follow-ups due and overdue, key members past or near their cadence,
// recent interactions, the warmth table and this month's new members.
func (h *Handler) Dashboard(w http.ResponseWriter, r *http.Request) {
	d, err := h.app.Relationships.Dashboard(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, d)
}
