package web

import (
	"html/template"
	"math"
	"net/http"
	"strconv"

	"github.com/trellis-community/trellis/internal/charts"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
)

// The participation page: the community over time. The funnel by month,
// the flows between modes for two chosen months, and the health figures,
// each chart with its numbers in a table and a CSV download. Every figure
// comes from participation's one function for it, which the API answers
// with too.

// participationPage is what /participation shows.
type participationPage struct {
	Period       participation.Period
	FlowFrom     participation.Month
	FlowTo       participation.Month
	Query        template.URL // from=...&to=...&flow_from=...&flow_to=..., months only, for the CSV links
	Funnel       []participation.FunnelMonth
	Last         participation.FunnelMonth // the period's last month
	Flows        participation.Flows
	FlowRows     []flowRow
	Health       []healthRow
	Metrics      []participation.Metric
	Groups       []groupTable
	Charts       map[string]template.HTML
	FunnelDef    string
	FlowsDef     string
	ModesList    []participation.Mode
	ZoneName     string
	Months       []participation.Month // choices for the selects, newest first
	MonthOptions []option
	Sel          map[string]string // the selects' values
	// RollUp says whether the figures are whole or being rebuilt.
	RollUp participation.RollUpStatus
}

// flowRow is one row of the flow table: members from one place to another.
type flowRow struct {
	From, To string
	Members  int
	Move     string
}

// healthRow is one month of health figures, written for the table.
type healthRow struct {
	participation.HealthMonth
	Ret30, Ret90, Top1, Next9, Rest90, Led, Hosted, Median string
}

// groupTable is one dimension's groups, labelled.
type groupTable struct {
	Dim, Title string
	Rows       []partGroupRow
}

type partGroupRow struct {
	Label string
	participation.Group
}

// pct writes a share as "42.9 %", or "—" when there is none.
func pct(p *float64) string {
	if p == nil {
		return "—"
	}
	return charts.Percent(*p)
}

func num(p *float64) string {
	if p == nil {
		return "—"
	}
	return strconv.FormatFloat(math.Round(*p*10)/10, 'f', -1, 64)
}

func nan(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

// modeClasses colour the modes in every chart, lightest to deepest, and
// "not active" (chart-m0).
var modeClasses = []string{"chart-m1", "chart-m2", "chart-m3", "chart-m4"}

// participationQuery reads the period and the flow months from the query.
// The period defaults to the twelve months ending this month; the flows to
// the two months before this one (both complete).
func (s *Server) participationQuery(r *http.Request) (participation.Period, participation.Month, participation.Month, error) {
	q := r.URL.Query()
	cur := s.app.Participation.CurrentMonth()
	p, err := participation.ParsePeriod(q.Get("from"), q.Get("to"), cur, 12)
	if err != nil {
		return p, 0, 0, err
	}
	ff, ft := cur.Add(-2), cur.Add(-1)
	if v := q.Get("flow_from"); v != "" {
		if ff, err = participation.ParseMonth("flow_from", v); err != nil {
			return p, 0, 0, err
		}
	}
	if v := q.Get("flow_to"); v != "" {
		if ft, err = participation.ParseMonth("flow_to", v); err != nil {
			return p, 0, 0, err
		}
	}
	return p, ff, ft, nil
}

// participationShow renders the page.
func (s *Server) participationShow(w http.ResponseWriter, r *http.Request) {
	period, ff, ft, err := s.participationQuery(r)
	v := view{Title: "Participation over time", Nav: "participation"}
	if e, ok := asInvalid(err); ok {
		v.Errors, v.FormError, v.Form = e.Fields, "The months could not be read.", r.URL.Query()
		v.Data = s.emptyParticipation(r)
		s.render(w, r, http.StatusUnprocessableEntity, "participation", v)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p, err := s.participationData(r, period, ff, ft)
	if e, ok := asInvalid(err); ok {
		v.Errors, v.FormError, v.Form = e.Fields, "The months could not be read.", r.URL.Query()
		v.Data = s.emptyParticipation(r)
		s.render(w, r, http.StatusUnprocessableEntity, "participation", v)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v.Data = p
	s.render(w, r, http.StatusOK, "participation", v)
}

// emptyParticipation is the page with only its form, refilled from the
// query, for months that could not be read.
func (s *Server) emptyParticipation(r *http.Request) participationPage {
	q := r.URL.Query()
	p := participationPage{Months: s.monthChoices(), Sel: map[string]string{}}
	for _, k := range []string{"from", "to", "flow_from", "flow_to"} {
		p.Sel[k] = q.Get(k)
	}
	p.MonthOptions = monthOptions(p.Months)
	return p
}

func monthOptions(ms []participation.Month) []option {
	out := make([]option, len(ms))
	for i, m := range ms {
		out[i] = option{Value: m.String(), Label: m.Label()}
	}
	return out
}

// monthChoices lists the last 36 months, newest first.
func (s *Server) monthChoices() []participation.Month {
	cur := s.app.Participation.CurrentMonth()
	out := make([]participation.Month, 0, participation.MaxMonths)
	for i := range participation.MaxMonths {
		out = append(out, cur.Add(-i))
	}
	return out
}

func (s *Server) participationData(r *http.Request, period participation.Period, ff, ft participation.Month) (participationPage, error) {
	ctx := r.Context()
	svc := s.app.Participation
	p := participationPage{Period: period, FlowFrom: ff, FlowTo: ft, Metrics: participation.HealthMetrics(),
		FunnelDef: participation.FunnelDefinition, FlowsDef: participation.FlowsDefinition, ModesList: participation.Modes(),
		ZoneName: s.app.Location.String(), Months: s.monthChoices(), Charts: map[string]template.HTML{}}
	p.MonthOptions = monthOptions(p.Months)
	p.Sel = map[string]string{"from": period.From.String(), "to": period.To.String(), "flow_from": ff.String(), "flow_to": ft.String()}
	p.Query = template.URL("from=" + period.From.String() + "&to=" + period.To.String() + "&flow_from=" + ff.String() + "&flow_to=" + ft.String())
	var err error
	if p.RollUp, err = svc.RollUpStatus(ctx); err != nil {
		return p, err
	}
	if p.Funnel, err = svc.Funnel(ctx, period); err != nil {
		return p, err
	}
	if p.Flows, err = svc.Flows(ctx, ff, ft); err != nil {
		return p, err
	}
	health, err := svc.Health(ctx, period)
	if err != nil {
		return p, err
	}
	groups, err := svc.Groups(ctx, period.To)
	if err != nil {
		return p, err
	}
	p.Last = p.Funnel[len(p.Funnel)-1]
	labels := make([]string, len(p.Funnel))
	for i, f := range p.Funnel {
		labels[i] = f.Month.Label()
	}
	var byMode []charts.Series
	for i, m := range participation.Modes() {
		sr := charts.Series{Name: m.Label(), Class: modeClasses[i]}
		for _, f := range p.Funnel {
			sr.Values = append(sr.Values, float64(f.Deepest.Of(m)))
		}
		byMode = append(byMode, sr)
	}
	p.Charts["funnel_months"] = charts.Columns(charts.Meta{ID: "chart-funnel-months", Title: "Active members by deepest mode, per month",
		Desc: "Stacked columns, one per month from " + period.From.Label() + " to " + period.To.Label() + ": each member active that month counted once at their deepest mode. The table below has the numbers."},
		labels, byMode, charts.Count)
	var names []string
	var vals []float64
	for _, m := range participation.Modes() {
		names = append(names, m.Label())
		vals = append(vals, float64(p.Last.Deepest.Of(m)))
	}
	p.Charts["funnel_last"] = charts.Funnel(charts.Meta{ID: "chart-funnel-last", Title: "Participation funnel, " + p.Last.Month.Label(),
		Desc: "Members active in " + p.Last.Month.Label() + " by their deepest mode, lightest at the top."}, names, vals, modeClasses, charts.Count)
	p.FlowRows, p.Charts["flows"] = flowParts(p.Flows)
	p.Health = healthRows(health)
	p.Charts["active"] = charts.Lines(charts.Meta{ID: "chart-active", Title: "Active and new members per month", Desc: "Two lines over the months: active members and new members. The health table has the numbers."},
		labels, []charts.Series{seriesOf("Active members", "chart-s1", health, func(h participation.HealthMonth) float64 { return float64(h.Active) }),
			seriesOf("New members", "chart-s2", health, func(h participation.HealthMonth) float64 { return float64(h.NewMembers) })}, charts.Count, false)
	p.Charts["retention"] = charts.Lines(charts.Meta{ID: "chart-retention", Title: "Newcomer retention by month of first activity", Desc: "Share of each month's new members active again within 30 and within 90 days; months whose window has not ended are left out."},
		labels, []charts.Series{seriesOf("Within 30 days", "chart-s1", health, func(h participation.HealthMonth) float64 { return nan(h.Retention30) }),
			seriesOf("Within 90 days", "chart-s2", health, func(h participation.HealthMonth) float64 { return nan(h.Retention90) })}, charts.Percent, true)
	p.Charts["first_contribution"] = charts.Lines(charts.Meta{ID: "chart-first-contribution", Title: "Median days to first contribution", Desc: "For members whose first contribution fell in each month, the median days from their first activity to it."},
		labels, []charts.Series{seriesOf("Median days", "chart-s1", health, func(h participation.HealthMonth) float64 { return nan(h.FirstContributionMedianDays) })}, charts.Count, false)
	p.Charts["shares"] = charts.Columns(charts.Meta{ID: "chart-shares", Title: "Share of activity by the most active 1 %, the next 9 % and the other 90 %", Desc: "Stacked columns per month adding up to all of the month's activity."},
		labels, []charts.Series{
			seriesOf("Most active 1 %", "chart-s1", health, func(h participation.HealthMonth) float64 { return zero(h.Top1Share) }),
			seriesOf("Next 9 %", "chart-s2", health, func(h participation.HealthMonth) float64 { return zero(h.Next9Share) }),
			seriesOf("Other 90 %", "chart-s3", health, func(h participation.HealthMonth) float64 { return zero(h.Rest90Share) })}, charts.Percent)
	p.Charts["member_led"] = charts.Lines(charts.Meta{ID: "chart-member-led", Title: "Member-led share per month", Desc: "Collaborate and co-create activities as a share of all activity, and sessions hosted by members as a share of all sessions held."},
		labels, []charts.Series{seriesOf("Member-led activity", "chart-s1", health, func(h participation.HealthMonth) float64 { return nan(h.MemberLedShare) }),
			seriesOf("Member-hosted sessions", "chart-s2", health, func(h participation.HealthMonth) float64 { return nan(h.MemberHostedShare) })}, charts.Percent, true)
	p.Charts["concentration"] = charts.Lines(charts.Meta{ID: "chart-concentration", Title: "Members making half of all contributions", Desc: "Per month, the fewest members whose contributions add up to half of the month's contributions."},
		labels, []charts.Series{seriesOf("Members", "chart-s1", health, func(h participation.HealthMonth) float64 { return float64(h.HalfContributors) })}, charts.Count, false)
	for _, d := range []struct{ dim, title string }{{"career_stage", "Career stage"}, {"country", "Country"}, {"affiliation", "Affiliation"}} {
		gt := groupTable{Dim: d.dim, Title: d.title}
		var gl []string
		var series []charts.Series
		for i, m := range participation.Modes() {
			series = append(series, charts.Series{Name: m.Label(), Class: modeClasses[i]})
		}
		for _, g := range groups[d.dim] {
			row := partGroupRow{Label: groupLabel(d.dim, g), Group: g}
			gt.Rows = append(gt.Rows, row)
			gl = append(gl, row.Label)
			for i, m := range participation.Modes() {
				series[i].Values = append(series[i].Values, float64(g.Members.Of(m)))
			}
		}
		p.Groups = append(p.Groups, gt)
		if len(gl) > 0 {
			p.Charts["group_"+d.dim] = charts.Bars(charts.Meta{ID: "chart-group-" + d.dim, Title: "Active members by " + d.title + ", " + period.To.Label(),
				Desc: "One bar per " + d.title + " with its active members; the table beside splits them by deepest mode."}, gl, totalsOf(series), []string{"chart-s1"}, charts.Count)
		}
	}
	return p, nil
}

func zero(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

func totalsOf(series []charts.Series) []float64 {
	if len(series) == 0 {
		return nil
	}
	out := make([]float64, len(series[0].Values))
	for _, sr := range series {
		for i, v := range sr.Values {
			out[i] += v
		}
	}
	return out
}

func seriesOf(name, class string, hs []participation.HealthMonth, f func(participation.HealthMonth) float64) charts.Series {
	sr := charts.Series{Name: name, Class: class}
	for _, h := range hs {
		sr.Values = append(sr.Values, f(h))
	}
	return sr
}

func healthRows(hs []participation.HealthMonth) []healthRow {
	out := make([]healthRow, len(hs))
	for i, h := range hs {
		out[i] = healthRow{HealthMonth: h, Ret30: pct(h.Retention30), Ret90: pct(h.Retention90), Top1: pct(h.Top1Share), Next9: pct(h.Next9Share),
			Rest90: pct(h.Rest90Share), Led: pct(h.MemberLedShare), Hosted: pct(h.MemberHostedShare), Median: num(h.FirstContributionMedianDays)}
	}
	return out
}

// placeLabel is a place in the flows as people read it.
func placeLabel(d int) string {
	if d == 0 {
		return "Not active"
	}
	return participation.Modes()[d-1].Label()
}

// flowParts makes the flow table and diagram.
func flowParts(f participation.Flows) ([]flowRow, template.HTML) {
	var rows []flowRow
	places := make([]string, 5)
	counts := make([][]int, 5)
	for i := range 5 {
		places[i] = placeLabel(i)
		counts[i] = f.Matrix[i][:]
		for j := range 5 {
			n := f.Matrix[i][j]
			if n == 0 {
				continue
			}
			move := "stayed"
			switch {
			case i == 0:
				move = "in"
			case j == 0:
				move = "out"
			case j > i:
				move = "up"
			case j < i:
				move = "down"
			}
			rows = append(rows, flowRow{From: placeLabel(i), To: placeLabel(j), Members: n, Move: move})
		}
	}
	classes := append([]string{"chart-m0"}, modeClasses...)
	chart := charts.Flow(charts.Meta{ID: "chart-flows", Title: "How members moved between modes, " + f.From.Label() + " to " + f.To.Label(),
		Desc: "Left: members by deepest mode in " + f.From.Label() + " (or not active); right: the same in " + f.To.Label() + "; each band is as wide as the members who went that way. The table has the numbers."},
		f.From.Label(), f.To.Label(), places, classes, counts)
	return rows, chart
}

// groupLabel names a group's value: a career stage's label, a country
// code, an affiliation; "Not recorded" for empty; "Other (n)" for the rest.
func groupLabel(dim string, g participation.Group) string {
	switch {
	case g.Other > 0:
		return "Other (" + strconv.Itoa(g.Other) + ")"
	case g.Value == "":
		return "Not recorded"
	case dim == "career_stage":
		return members.CareerStage(g.Value).Label()
	}
	return g.Value
}
