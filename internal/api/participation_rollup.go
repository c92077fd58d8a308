package api

import (
	"context"
	"time"

	"github.com/trellis-community/trellis/internal/participation"
)

// rollupJSON says whether the figures over time are whole, beside every
// answer made from them: while building is true they are being built for
// the community's time zone or rebuilt after a change of kinds, and are
// those from before.
type rollupJSON struct {
	Building   bool       `json:"building"`
	Built      bool       `json:"built"`
	Rebuilding bool       `json:"rebuilding"`
	Since      *time.Time `json:"since,omitempty"`
	RebuiltAt  *time.Time `json:"rebuilt_at,omitempty"`
}

func (h *Handler) rollupStatus(ctx context.Context) (rollupJSON, error) {
	st, err := h.app.Participation.RollUpStatus(ctx)
	if err != nil {
		return rollupJSON{}, err
	}
	out := rollupJSON{Building: st.Stale(), Built: st.Built, Rebuilding: st.Rebuilding}
	if st.Rebuilding {
		since := st.Since.UTC()
		out.Since = &since
	}
	if st.Built {
		at := st.RebuiltAt.UTC()
		out.RebuiltAt = &at
	}
	return out, nil
}

// dashboardParticipation is the dashboard's participation: this month's
// funnel so far against last month's, and the first entries of the lists
// a manager acts on with their counts.
type dashboardParticipation struct {
	ThisMonth participation.FunnelMonth `json:"this_month"`
	LastMonth participation.FunnelMonth `json:"last_month"`
	Lists     []participation.ListHead  `json:"lists"`
	RollUp    rollupJSON                `json:"rollup"`
}

// dashboardListLength is how many of each list the dashboard gives, as
// the dashboard page shows.
const dashboardListLength = 5

func (h *Handler) dashboardParticipation(ctx context.Context) (dashboardParticipation, error) {
	var p dashboardParticipation
	cur := h.app.Participation.CurrentMonth()
	f, err := h.app.Participation.Funnel(ctx, participation.Period{From: cur.Add(-1), To: cur})
	if err != nil {
		return p, err
	}
	p.LastMonth, p.ThisMonth = f[0], f[1]
	if p.Lists, err = h.app.Participation.ListHeads(ctx, dashboardListLength); err != nil {
		return p, err
	}
	p.RollUp, err = h.rollupStatus(ctx)
	return p, err
}
