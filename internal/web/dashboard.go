package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/trellis-community/trellis/internal/relationships"
)

// dashboardPage is what the dashboard shows.
type dashboardPage struct {
	relationships.Dashboard
	// Summary is the one line under the date: what needs doing today.
	Summary string
	// ReachOut is PastCadence (most overdue first) then DueThisWeek;
	// ReachOutCount counts both lists in full.
	ReachOut      []relationships.KeyMemberStatus
	ReachOutCount int
	// SnoozeDays is how far the Snooze button puts a follow-up off.
	SnoozeDays int
	// Participation is this month's funnel against last month's.
	Participation participationPanel
}

// dashboard is the first page a community manager opens in the morning:
// follow-ups due and overdue, key members to reach out to, recent
// interactions and who joined this month. The first screen answers "what
// do I do today?"; the warmth of every key member is on Key members.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	d, err := s.app.Relationships.Dashboard(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := dashboardPage{Dashboard: d, SnoozeDays: 7}
	p.ReachOut = append(append(p.ReachOut, d.PastCadence...), d.DueThisWeek...)
	p.ReachOutCount = d.PastCadenceCount + d.DueThisWeekCount
	p.Summary = dashboardSummary(d.OverdueCount, d.DueTodayCount, p.ReachOutCount)
	if p.Participation, err = s.participationPanel(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "dashboard", view{Title: "Dashboard", Nav: "dashboard", Data: p})
}

// dashboardSummary says in one line what needs doing: "3 follow-ups
// overdue, 2 due today, 5 key members to reach out to this week."
func dashboardSummary(overdue, dueToday, reachOut int) string {
	var parts []string
	if overdue > 0 {
		parts = append(parts, plural(overdue, "follow-up", "follow-ups")+" overdue")
	}
	switch {
	case dueToday > 0 && overdue > 0:
		parts = append(parts, fmt.Sprintf("%d due today", dueToday))
	case dueToday > 0:
		parts = append(parts, plural(dueToday, "follow-up", "follow-ups")+" due today")
	}
	if reachOut > 0 {
		parts = append(parts, plural(reachOut, "key member", "key members")+" to reach out to this week")
	}
	if len(parts) == 0 {
		return "Nothing is due today, and every key member is within their cadence this week."
	}
	return strings.Join(parts, ", ") + "."
}
