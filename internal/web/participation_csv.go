package web

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"

	"github.com/trellis-community/trellis/internal/participation"
)

// The participation figures as spreadsheets: the numbers of every chart
// on /participation, from the same functions, for the same months.

func (s *Server) csvStart(w http.ResponseWriter, name string) *csv.Writer {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.csv"`, name))
	w.Header().Set("Cache-Control", "no-store")
	return csv.NewWriter(w)
}

func (s *Server) csvEnd(cw *csv.Writer, what string) {
	cw.Flush()
	if err := cw.Error(); err != nil {
		s.log.Error("write "+what+" CSV", "err", err)
	}
}

func cellInt(n int) string { return strconv.Itoa(n) }

// share writes a share as a decimal fraction, "" when there is none.
func csvShare(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', 4, 64)
}

// participationFunnelCSV: one row per month, members by deepest mode.
func (s *Server) participationFunnelCSV(w http.ResponseWriter, r *http.Request) {
	period, _, _, err := s.participationQuery(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	funnel, err := s.app.Participation.Funnel(r.Context(), period)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	cw := s.csvStart(w, "participation-funnel-"+period.From.String()+"-"+period.To.String())
	_ = cw.Write([]string{"month", "convey", "contribute", "collaborate", "co_create", "active"})
	for _, f := range funnel {
		_ = cw.Write([]string{f.Month.String(), cellInt(f.Deepest.Convey), cellInt(f.Deepest.Contribute), cellInt(f.Deepest.Collaborate), cellInt(f.Deepest.CoCreate), cellInt(f.Active)})
	}
	s.csvEnd(cw, "funnel")
}

// participationFlowsCSV: one row per pair of places with members.
func (s *Server) participationFlowsCSV(w http.ResponseWriter, r *http.Request) {
	_, ff, ft, err := s.participationQuery(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	f, err := s.app.Participation.Flows(r.Context(), ff, ft)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	rows, _ := flowParts(f)
	cw := s.csvStart(w, "participation-flows-"+ff.String()+"-"+ft.String())
	_ = cw.Write([]string{"from_month", "to_month", "from", "to", "move", "members"})
	for _, x := range rows {
		_ = cw.Write([]string{ff.String(), ft.String(), x.From, x.To, x.Move, cellInt(x.Members)})
	}
	s.csvEnd(cw, "flows")
}

// participationHealthCSV: one row per month, every health figure.
func (s *Server) participationHealthCSV(w http.ResponseWriter, r *http.Request) {
	period, _, _, err := s.participationQuery(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	hs, err := s.app.Participation.Health(r.Context(), period)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	cw := s.csvStart(w, "participation-health-"+period.From.String()+"-"+period.To.String())
	_ = cw.Write([]string{"month", "active_members", "new_members", "retained_30", "retention_30", "retained_90", "retention_90",
		"activities", "contributions", "first_contributions", "first_contribution_median_days",
		"top_1_share", "next_9_share", "rest_90_share", "member_led_activities", "member_led_share",
		"sessions", "member_hosted_sessions", "member_hosted_share", "half_contributors"})
	for _, h := range hs {
		med := ""
		if h.FirstContributionMedianDays != nil {
			med = strconv.FormatFloat(*h.FirstContributionMedianDays, 'f', -1, 64)
		}
		_ = cw.Write([]string{h.Month.String(), cellInt(h.Active), cellInt(h.NewMembers), cellInt(h.Retained30), csvShare(h.Retention30),
			cellInt(h.Retained90), csvShare(h.Retention90), cellInt(h.Activities), cellInt(h.Contributions), cellInt(h.FirstContributions), med,
			csvShare(h.Top1Share), csvShare(h.Next9Share), csvShare(h.Rest90Share), cellInt(h.MemberLedActivities), csvShare(h.MemberLedShare),
			cellInt(h.Sessions), cellInt(h.MemberHostedSessions), csvShare(h.MemberHostedShare), cellInt(h.HalfContributors)})
	}
	s.csvEnd(cw, "health")
}

// participationGroupsCSV: the last month's groups, every dimension.
func (s *Server) participationGroupsCSV(w http.ResponseWriter, r *http.Request) {
	period, _, _, err := s.participationQuery(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	groups, err := s.app.Participation.Groups(r.Context(), period.To)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	cw := s.csvStart(w, "participation-groups-"+period.To.String())
	_ = cw.Write([]string{"month", "dimension", "value", "convey", "contribute", "collaborate", "co_create", "active_members", "activities"})
	for _, dim := range participation.Dimensions {
		for _, g := range groups[dim] {
			_ = cw.Write([]string{period.To.String(), dim, cell(groupLabel(dim, g)), cellInt(g.Members.Convey), cellInt(g.Members.Contribute),
				cellInt(g.Members.Collaborate), cellInt(g.Members.CoCreate), cellInt(g.Active), cellInt(g.Activities)})
		}
	}
	s.csvEnd(cw, "groups")
}
