package api

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/relationships"
)

// Dashboard answers GET /api/v1/dashboard with the relationship dashboard:
// follow-ups due and overdue, key members past or near their cadence,
// recent interactions, the warmth table and this month's new members; and
// participation: this month's funnel against last month's and the first
// entries of the lists to act on.
func (h *Handler) Dashboard(w http.ResponseWriter, r *http.Request) {
	d, err := h.app.Relationships.Dashboard(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p, err := h.dashboardParticipation(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, struct {
		relationships.Dashboard
		Participation dashboardParticipation `json:"participation"`
	}{d, p})
}
