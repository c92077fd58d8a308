package web

import (
	"html/template"
	"net/http"

	"github.com/trellis-community/trellis/internal/charts"
	"github.com/trellis-community/trellis/internal/participation"
)

// participationPanel is the dashboard's participation panel: this month's
// funnel (so far) against last month's, from participation.Funnel; the
// first few of each list a manager acts on; and whether the figures or
// the standing the lists read are being (re)built.
type participationPanel struct {
	This, Last participation.FunnelMonth
	Rows       []panelRow
	Chart      template.HTML
	Lists      []participation.ListHead
	RollUp     participation.RollUpStatus
	Standing   participation.StandingState
}

// panelListLength is how many of each list the panel shows.
const panelListLength = 5

type panelRow struct {
	Mode       participation.Mode
	This, Last int
}

func (s *Server) participationPanel(r *http.Request) (participationPanel, error) {
	cur := s.app.Participation.CurrentMonth()
	f, err := s.app.Participation.Funnel(r.Context(), participation.Period{From: cur.Add(-1), To: cur})
	if err != nil {
		return participationPanel{}, err
	}
	p := participationPanel{Last: f[0], This: f[1]}
	if p.Lists, err = s.app.Participation.ListHeads(r.Context(), panelListLength); err != nil {
		return participationPanel{}, err
	}
	if p.RollUp, err = s.app.Participation.RollUpStatus(r.Context()); err != nil {
		return participationPanel{}, err
	}
	if p.Standing, err = s.app.Participation.StandingState(r.Context()); err != nil {
		return participationPanel{}, err
	}
	var labels []string
	now := charts.Series{Name: p.This.Month.Label() + " so far", Class: "chart-now"}
	before := charts.Series{Name: p.Last.Month.Label(), Class: "chart-before"}
	for _, m := range participation.Modes() {
		p.Rows = append(p.Rows, panelRow{Mode: m, This: p.This.Deepest.Of(m), Last: p.Last.Deepest.Of(m)})
		labels = append(labels, m.Label())
		now.Values = append(now.Values, float64(p.This.Deepest.Of(m)))
		before.Values = append(before.Values, float64(p.Last.Deepest.Of(m)))
	}
	p.Chart = charts.GroupedBars(charts.Meta{ID: "chart-dashboard-funnel", Title: "Active members by deepest mode, this month and last",
		Desc: "For each mode, two bars: members whose deepest mode this month so far is that mode, and the same for last month. The table has the numbers."},
		labels, []charts.Series{now, before}, charts.Count)
	return p, nil
}
