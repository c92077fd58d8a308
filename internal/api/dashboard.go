package api

import (
	"context"
	"net/http"

	"github.com/trellis-community/trellis/internal/relationships"
)

// Dashboard answers GET /api/v1/dashboard with the relationship dashboard:
// follow-ups due and overdue, key members past or near their cadence,
// recent interactions, the warmth table and this month's new members; and
// participation: this month's funnel against last month's and the first
// entries of the lists to act on.
func (h *Handler) Dashboard(w http.ResponseWriter, r *http.Request) {
	var d relationships.Dashboard
	var p dashboardParticipation
	err := h.app.DB.ReadSideBySide(r.Context(), func(ctx context.Context) (err error) {
		d, err = h.app.Relationships.Dashboard(ctx)
		return err
	}, func(ctx context.Context) (err error) {
		p, err = h.dashboardParticipation(ctx)
		return err
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, struct {
		relationships.Dashboard
		Participation dashboardParticipation `json:"participation"`
	}{d, p})
}
