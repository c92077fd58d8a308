package programming

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/text"
)

// ProgrammeInput is everything a person sets on a programme. The API
// reads and writes it under these names.
type ProgrammeInput struct {
	Kind        Kind                     `json:"kind"`
	CustomKind  string                   `json:"custom_kind"`
	Title       string                   `json:"title"`
	Description string                   `json:"description"`
	Hosts       []HostInput              `json:"hosts"`
	Audience    members.Audience         `json:"audience"`
	Format      Format                   `json:"format"`
	Modalities  []participation.Modality `json:"modalities"`
	Timings     []participation.Timing   `json:"timings"`
	// Time commitment, as a member weighs it: how long one session lasts
	// and how many hours a month taking part asks in all (sessions,
	// preparation, work between sessions). 0 is "not said".
	MinutesPerSession int                  `json:"minutes_per_session"`
	HoursPerMonth     int                  `json:"hours_per_month"`
	SkillLevel        SkillLevel           `json:"skill_level"`
	Modes             []participation.Mode `json:"modes"`
	Accessibility     []Access             `json:"accessibility"`
	Goals             []goals.Link         `json:"goals"`
	Status            Status               `json:"status"`
	Outcomes          string               `json:"outcomes"`
	Notes             string               `json:"notes"`
}

// HostInput names one host: a member or a team user, with a role.
type HostInput struct {
	MemberID int64 `json:"member_id,omitempty"`
	UserID   int64 `json:"user_id,omitempty"`
	Role     Role  `json:"role"`
}

// HostPerson is a host as pages show them.
type HostPerson struct {
	HostInput
	Name string `json:"name"`
}

// Programme is a stored programme.
type Programme struct {
	ID int64 `json:"id"`
	ProgrammeInput
	// HostNames are the hosts with their names, in the order given.
	HostNames []HostPerson `json:"host_names"`
	Version   int64        `json:"version"`
	CreatedAt time.Time    `json:"created_at"`
	UpdatedAt time.Time    `json:"updated_at"`
}

// KindLabel is the programme's kind as the UI shows it: the custom label
// for a custom kind.
func (p ProgrammeInput) KindLabel() string {
	if p.Kind == CustomKind && p.CustomKind != "" {
		return p.CustomKind
	}
	return p.Kind.Label()
}

const (
	maxTitle     = 200
	maxShortText = 80
	maxLongText  = 20000
	maxHosts     = 50
	maxGoals     = 50
	maxMinutes   = 7 * 24 * 60
	maxHours     = 744
)

// normalize trims text and fills the defaults a form leaves empty.
func (p *ProgrammeInput) normalize() {
	p.Kind = Kind(strings.TrimSpace(string(p.Kind)))
	p.CustomKind = strings.TrimSpace(p.CustomKind)
	if p.Kind != CustomKind {
		p.CustomKind = ""
	}
	p.Title = strings.TrimSpace(p.Title)
	p.Description = strings.TrimSpace(p.Description)
	p.Outcomes = strings.TrimSpace(p.Outcomes)
	p.Notes = strings.TrimSpace(p.Notes)
	if p.Format == "" {
		p.Format = Online
	}
	if p.SkillLevel == "" {
		p.SkillLevel = AllLevels
	}
	if p.Status == "" {
		p.Status = Planned
	}
	for i := range p.Goals {
		p.Goals[i].How = strings.TrimSpace(p.Goals[i].How)
		p.Goals[i].Title = ""
	}
	if p.Hosts == nil {
		p.Hosts = []HostInput{}
	}
	if p.Goals == nil {
		p.Goals = []goals.Link{}
	}
}

// check adds a problem to fe for each field that is not acceptable;
// references (hosts, segment, goals) are checked against the database
// by the store.
func (p ProgrammeInput) check(fe *apperr.FieldErrors) {
	for _, f := range []struct{ name, value string }{
		{"title", p.Title}, {"custom_kind", p.CustomKind}, {"description", p.Description},
		{"outcomes", p.Outcomes}, {"notes", p.Notes},
	} {
		text.Check(fe, f.name, f.value)
	}
	switch {
	case !p.Kind.Valid():
		fe.Add("kind", "choose one of %s", names(Kinds()))
	case p.Kind == CustomKind && p.CustomKind == "":
		fe.Add("custom_kind", "name the kind of programme")
	case utf8.RuneCountInString(p.CustomKind) > maxShortText:
		fe.Add("custom_kind", "must be at most %d characters", maxShortText)
	}
	switch {
	case p.Title == "":
		fe.Add("title", "is required")
	case utf8.RuneCountInString(p.Title) > maxTitle:
		fe.Add("title", "must be at most %d characters", maxTitle)
	}
	for name, v := range map[string]string{"description": p.Description, "outcomes": p.Outcomes, "notes": p.Notes} {
		if utf8.RuneCountInString(v) > maxLongText {
			fe.Add(name, "must be at most %d characters", maxLongText)
		}
	}
	if !p.Format.Valid() {
		fe.Add("format", "choose one of %s", names(Formats()))
	}
	if !p.SkillLevel.Valid() {
		fe.Add("skill_level", "choose one of %s", names(SkillLevels()))
	}
	if !p.Status.Valid() {
		fe.Add("status", "choose one of %s", names(Statuses()))
	}
	checkSet(fe, "modalities", p.Modalities, participation.Modalities())
	checkSet(fe, "timings", p.Timings, participation.Timings())
	checkSet(fe, "modes", p.Modes, participation.Modes())
	checkSet(fe, "accessibility", p.Accessibility, Accesses())
	if p.MinutesPerSession < 0 || p.MinutesPerSession > maxMinutes {
		fe.Add("minutes_per_session", "must be between 0 and %d", maxMinutes)
	}
	if p.HoursPerMonth < 0 || p.HoursPerMonth > maxHours {
		fe.Add("hours_per_month", "must be between 0 and %d", maxHours)
	}
	p.Audience.Check(fe, "audience")
	if len(p.Hosts) > maxHosts {
		fe.Add("hosts", "at most %d hosts", maxHosts)
	}
	for i, h := range p.Hosts {
		field := fmt.Sprintf("hosts[%d]", i)
		switch {
		case (h.MemberID > 0) == (h.UserID > 0):
			fe.Add(field, "name either a member or a team user")
		case !h.Role.Valid():
			fe.Add(field+".role", "choose host or facilitator")
		case slices.IndexFunc(p.Hosts, func(o HostInput) bool { return o == h }) != i:
			fe.Add(field, "is listed twice")
		}
	}
	if len(p.Goals) > maxGoals {
		fe.Add("goals", "at most %d goals", maxGoals)
	}
}

// checkSet adds a problem under field for a value not in all, or listed twice.
func checkSet[T ~string](fe *apperr.FieldErrors, field string, values, all []T) {
	for i, v := range values {
		switch {
		case !slices.Contains(all, v):
			fe.Add(field, "%q is not one of %s", v, names(all))
		case slices.Index(values, v) != i:
			fe.Add(field, "%q is listed twice", v)
		}
	}
}

func names[T ~string](all []T) string {
	out := make([]string, len(all))
	for i, v := range all {
		out[i] = string(v)
	}
	return strings.Join(out, ", ")
}
