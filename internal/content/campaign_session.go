package content

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/text"
)

// SessionEntry is the kind of a template entry that plans a programming
// session rather than a content item: "community call about {pillar},
// 7 days after the launch". It names a programme kind (the community's
// programme of that kind most in use when the template is applied) or one
// programme, and may set a time of day, a zone and a length; left empty,
// they are the programme's usual ones.
const SessionEntry Kind = "session"

// Limits of a session entry.
const (
	minSessionMinutes = 5
	maxSessionMinutes = 24 * 60
)

// IsSession reports whether e plans a session.
func (e TemplateEntry) IsSession() bool { return e.Kind == SessionEntry }

// SessionKind is a programme kind a session entry may name.
type SessionKind struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

func (e *TemplateEntry) normalizeSession() {
	e.Channel, e.ChannelLabel = "", ""
	e.ProgrammeKind = strings.ToLower(strings.TrimSpace(e.ProgrammeKind))
	e.TitlePattern = strings.TrimSpace(e.TitlePattern)
	e.StartTime = strings.TrimSpace(e.StartTime)
	e.TimeZone = strings.TrimSpace(e.TimeZone)
	if e.ProgrammeID != nil && *e.ProgrammeID == 0 {
		e.ProgrammeID = nil
	}
	if zone, err := members.ResolveTimeZone(e.TimeZone); err == nil {
		e.TimeZone = zone
	}
}

// checkSession records a session entry's own problems under prefix.
func (e TemplateEntry) checkSession(prefix string, fe *apperr.FieldErrors) {
	text.Check(fe, prefix+"programme_kind", e.ProgrammeKind)
	switch {
	case e.ProgrammeID != nil && *e.ProgrammeID < 0:
		fe.Add(prefix+"programme_id", "must name a programme")
	case e.ProgrammeID == nil && e.ProgrammeKind == "":
		fe.Add(prefix+"programme_kind", "choose the kind of programme (a community call) or a programme")
	case utf8.RuneCountInString(e.ProgrammeKind) > 40:
		fe.Add(prefix+"programme_kind", "must be at most 40 characters")
	}
	if e.StartTime != "" {
		if _, err := time.Parse("15:04", e.StartTime); err != nil || len(e.StartTime) != 5 {
			fe.Add(prefix+"start_time", "must be a time of day, HH:MM (16:00), or empty for the programme's usual time")
		}
	}
	text.Check(fe, prefix+"time_zone", e.TimeZone)
	if e.TimeZone != "" {
		if _, err := members.ResolveTimeZone(e.TimeZone); err != nil {
			fe.Add(prefix+"time_zone", "%s", err.Error())
		}
	}
	if e.DurationMinutes != 0 && (e.DurationMinutes < minSessionMinutes || e.DurationMinutes > maxSessionMinutes) {
		fe.Add(prefix+"duration_minutes", "must be between %d and %d minutes, or 0 for the programme's usual length",
			minSessionMinutes, maxSessionMinutes)
	}
}

// checkSessionKinds refuses session entries naming a programme kind the
// community does not have, when the service knows the kinds.
func (s *Service) checkSessionKinds(entries []TemplateEntry, fe *apperr.FieldErrors) {
	if s.SessionKinds == nil {
		return
	}
	names := make([]string, len(s.SessionKinds))
	known := map[string]bool{}
	for i, k := range s.SessionKinds {
		known[k.Value], names[i] = true, k.Value
	}
	for i, e := range entries {
		if e.IsSession() && e.ProgrammeKind != "" && !known[e.ProgrammeKind] {
			fe.Add(fmt.Sprintf("entries[%d].programme_kind", i), "must be one of %s", strings.Join(names, ", "))
		}
	}
}

// SessionPlan is one session a campaign template plans, as the
// programming capability receives it through Service.PlanSessions.
type SessionPlan struct {
	// Entry is the template entry's index; problems name
	// "entries[<Entry>].<field>".
	Entry           int
	ProgrammeKind   string
	ProgrammeID     *int64
	Title           string
	On              string // YYYY-MM-DD, in the session's zone
	StartTime       string // HH:MM or "" for the programme's usual time
	TimeZone        string // "" for the programme's usual zone
	DurationMinutes int    // 0 for the programme's usual length
	Goals           []goals.Link
}

// SessionsPlanned is what PlanSessions did: how many sessions it created,
// and a note for each plan it left out ("no community call programme
// yet").
type SessionsPlanned struct {
	Created int
	Notes   []string
}

// SessionPlanner creates plans' sessions for pillar pillarID inside tx,
// with their audit entries. It refuses every plan or none: an Invalid
// error naming entries[i].<field> leaves tx to be rolled back. The
// programming capability provides one; this package never imports it.
type SessionPlanner func(ctx context.Context, tx *store.Tx, pillarID int64, plans []SessionPlan) (SessionsPlanned, error)

// sessionPlan is the session entry i plans for pillar launching on launch.
func (e TemplateEntry) sessionPlan(i int, pillar Item, launch string) SessionPlan {
	on := addDays(launch, e.OffsetDays)
	links := make([]goals.Link, len(pillar.Goals))
	for j, l := range pillar.Goals {
		links[j] = goals.Link{GoalID: l.GoalID, How: l.How}
	}
	return SessionPlan{Entry: i, ProgrammeKind: e.ProgrammeKind, ProgrammeID: e.ProgrammeID, Title: e.Title(pillar.Title, on),
		On: on, StartTime: e.StartTime, TimeZone: e.TimeZone, DurationMinutes: e.DurationMinutes, Goals: links}
}

// planSessions hands plans to PlanSessions; without one, the sessions are
// left out with a note.
func (s *Service) planSessions(ctx context.Context, tx *store.Tx, pillarID int64, plans []SessionPlan) (SessionsPlanned, error) {
	if len(plans) == 0 {
		return SessionsPlanned{}, nil
	}
	if s.PlanSessions == nil {
		return SessionsPlanned{Notes: []string{fmt.Sprintf("%d sessions were left out: programming is not set up here.", len(plans))}}, nil
	}
	return s.PlanSessions(ctx, tx, pillarID, plans)
}
