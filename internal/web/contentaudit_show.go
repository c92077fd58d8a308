package web

import (
	"bytes"
	"net/http"

	"github.com/trellis-community/trellis/internal/contentaudit"
)

// contentAuditPage is the content and programming audit of one period.
type contentAuditPage struct {
	From, To string
	Result   contentaudit.Result
	Ran      bool // false when the period could not be read
	Rules    []ruleGaps
	Quarters []contentaudit.Quarter // this quarter and the ones before it
	Counts   auditCounts
	// CountedAt is when the oldest member count the audit used was made,
	// HH:MM in the community's zone.
	CountedAt string
}

// ruleGaps is one rule with what it found.
type ruleGaps struct {
	contentaudit.Rule
	Gaps []contentaudit.Gap
}

type auditCounts struct{ Programmes, Content, Withdrawn int }

// auditPeriod reads from and to from the query; with neither it is the
// community's current quarter.
func (s *Server) auditPeriod(r *http.Request) (from, to string) {
	q := r.URL.Query()
	from, to = q.Get("from"), q.Get("to")
	if from == "" && to == "" {
		cur, _ := contentaudit.QuarterOf(s.today())
		from, to = cur.From, cur.To
	}
	return from, to
}

// contentAudit shows the audit of a period: every programme and content
// item in it with its facts and goals, then the gaps, rule by rule.
func (s *Server) contentAudit(w http.ResponseWriter, r *http.Request) {
	p, err := s.contentAuditRun(r)
	v := view{Title: "Content and programming audit", Nav: "goals", Data: p}
	if e, ok := asInvalid(err); ok {
		v.Errors, v.FormError = e.Fields, "The period could not be read."
		v.Form = r.URL.Query()
		s.render(w, r, http.StatusUnprocessableEntity, "content_audit", v)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if p.Ran {
		v.Title = "Content and programming audit, " + p.Result.Period
	}
	s.render(w, r, http.StatusOK, "content_audit", v)
}

// contentAuditPrint is the same audit on a page made for paper: no
// navigation, no forms.
func (s *Server) contentAuditPrint(w http.ResponseWriter, r *http.Request) {
	p, err := s.contentAuditRun(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	t := s.pages.byName["content_audit_print"]
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "bare", view{Title: "Content and programming audit, " + p.Result.Period, Data: p}); err != nil {
		s.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = buf.WriteTo(w)
}

// contentAuditRun runs the audit the request asks for.
func (s *Server) contentAuditRun(r *http.Request) (contentAuditPage, error) {
	from, to := s.auditPeriod(r)
	cur, _ := contentaudit.QuarterOf(s.today())
	p := contentAuditPage{From: from, To: to, Quarters: append([]contentaudit.Quarter{cur}, cur.Before(4)...)}
	res, err := s.app.ContentAudit.Audit(r.Context(), from, to)
	if err != nil {
		return p, err
	}
	p.Result, p.Ran = res, true
	p.Rules = groupByRule(res.Gaps)
	for _, it := range res.Items {
		switch {
		case it.Withdrawn:
			p.Counts.Withdrawn++
		case it.Kind == contentaudit.KindProgramme:
			p.Counts.Programmes++
		default:
			p.Counts.Content++
		}
	}
	if !res.MembersCountedAt.IsZero() {
		p.CountedAt = res.MembersCountedAt.In(s.app.Location).Format("15:04")
	}
	return p, nil
}

// groupByRule puts each rule beside the gaps it found, in the rules' order.
func groupByRule(gaps []contentaudit.Gap) []ruleGaps {
	var out []ruleGaps
	for _, rule := range contentaudit.Rules() {
		rg := ruleGaps{Rule: rule}
		for _, g := range gaps {
			if g.Rule == rule.ID {
				rg.Gaps = append(rg.Gaps, g)
			}
		}
		out = append(out, rg)
	}
	return out
}
