package web

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/contentaudit"
	"github.com/trellis-community/trellis/internal/members"
)

// contentAuditCSV answers the audit of a period as a spreadsheet: one row
// per programme and content item with its facts and goals, then, after a
// blank line, one row per gap.
func (s *Server) contentAuditCSV(w http.ResponseWriter, r *http.Request) {
	from, to := s.auditPeriod(r)
	res, err := s.app.ContentAudit.Audit(r.Context(), from, to)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="content-audit-%s-%s.csv"`, res.From, res.To))
	w.Header().Set("Cache-Control", "no-store")
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"kind", "id", "title", "type", "status", "withdrawn", "on", "until", "sessions",
		"modes", "modalities", "timings", "audience", "goals", "review_by", "effort_hours", "reach", "link"})
	for _, it := range res.Items {
		_ = cw.Write([]string{it.Kind, strconv.FormatInt(it.ID, 10), cell(it.Title), it.Type, it.Status,
			strconv.FormatBool(it.Withdrawn), it.On, it.Until, strconv.Itoa(len(it.Sessions)),
			joinNames(it.Modes), joinNames(it.Modalities), joinNames(it.Timings), audienceWords(it.Audience),
			cell(goalTitles(it)), it.ReviewBy, strconv.FormatFloat(it.EffortHours, 'f', -1, 64), reachWords(it.Reach), it.Path})
	}
	_ = cw.Write(nil)
	_ = cw.Write([]string{"gap", "rule", "key", "message", "figures", "links"})
	for _, g := range res.Gaps {
		var links []string
		for _, l := range g.Links {
			links = append(links, l.Path)
		}
		_ = cw.Write([]string{"gap", g.Rule, g.Key, cell(g.Message), figureWords(g.Figures), strings.Join(links, " ")})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		s.log.Error("write content audit CSV", "err", err)
	}
}

func joinNames[T ~string](vs []T) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return strings.Join(out, "; ")
}

// audienceWords writes who an item is for: "whole community", career
// stages, "segment 4".
func audienceWords(a members.Audience) string {
	if a.Whole() {
		return "whole community"
	}
	var parts []string
	for _, st := range a.CareerStages {
		parts = append(parts, st.Label())
	}
	if a.SegmentID != nil {
		parts = append(parts, fmt.Sprintf("segment %d", *a.SegmentID))
	}
	return strings.Join(parts, "; ")
}

func goalTitles(it contentaudit.Item) string {
	var out []string
	for _, l := range it.Goals {
		out = append(out, l.Title)
	}
	return strings.Join(out, "; ")
}

func reachWords(rs []contentaudit.Reach) string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Metric+" "+strconv.FormatFloat(r.Count, 'f', -1, 64))
	}
	return strings.Join(out, "; ")
}

// figureWords writes a gap's figures by name: "items 3; members 120".
func figureWords(fs map[string]float64) string {
	names := make([]string, 0, len(fs))
	for n := range fs {
		names = append(names, n)
	}
	slices.Sort(names)
	for i, n := range names {
		names[i] = n + " " + strconv.FormatFloat(fs[n], 'f', -1, 64)
	}
	return strings.Join(names, "; ")
}

// cell keeps text a person typed from being read as a formula by a
// spreadsheet (a title starting "=" or "@"), by putting a quote before it.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
