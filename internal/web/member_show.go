package web

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/relationships"
)

// memberTimelineLimit is how many interactions the profile lists before
// pointing to the full interactions list.
const memberTimelineLimit = 200

// memberActivityLimit is how many recent activities the profile lists
// before pointing to the API's full list.
const memberActivityLimit = 10

// memberShowData is everything the profile shows about one member.
type memberShowData struct {
	Member           members.Member
	Key              *relationships.KeyMemberStatus // nil unless a key member
	KeyCadence       string                         // "monthly"
	LocalTime        string                         // "11:00 on Tue 10 Mar (UTC+01:00)"; "" without a zone
	Emails           []members.Email                // primary first
	Identities       []memberIdentity
	CustomFields     []memberField // by name
	Interactions     []relationships.Interaction
	MoreInteractions bool
	// Timeline is the interactions and sessions merged by date.
	Timeline       []timelineEntry
	MoreSessions   bool
	FollowUps      []relationships.FollowUp
	Activities     []participation.Activity // the most recent few, newest first
	Standing       participation.MemberStanding
	MoreActivities bool
	Today          string // the community's today, YYYY-MM-DD
	Path           string // the profile's address, for forms that return here
	Options        memberOptions
}

// memberField is one custom field.
type memberField struct {
	Name, Value string
}

// HasPreferences reports whether any participation preference is recorded.
func (d memberShowData) HasPreferences() bool {
	p := d.Member.Preferences
	return p.Modality != "" || p.Timing != "" || p.HoursPerMonth != nil
}

// memberShow is the member's profile: who they are, where the team stands
// with them, and every interaction and follow-up with them.
func (s *Server) memberShow(w http.ResponseWriter, r *http.Request) {
	m, ok := s.loadMemberOrMerged(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	d := memberShowData{
		Member:    m,
		LocalTime: memberLocalTime(m.TimeZone, s.now()),
		Today:     s.today(),
		Path:      memberPath(m.ID),
		Options:   memberFormOptions(),
	}
	statuses, err := s.app.Relationships.KeyMemberStatuses(ctx, m.ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if len(statuses) == 1 {
		d.Key = &statuses[0]
		d.KeyCadence = relationships.CadenceLabel(d.Key.CadenceDays)
	}
	list, next, err := s.app.Relationships.ListInteractions(ctx, relationships.InteractionFilter{MemberID: m.ID, Limit: memberTimelineLimit})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	d.Interactions, d.MoreInteractions = list, next != ""
	sessions, moreSessions, err := s.app.Programming.MemberAttendance(ctx, m.ID, memberTimelineLimit)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	d.MoreSessions = moreSessions
	d.Timeline = memberTimeline(list, d.MoreInteractions, sessions, moreSessions, s.app.Location, s.now())
	d.FollowUps, _, err = s.app.Relationships.ListFollowUps(ctx, relationships.FollowUpFilter{MemberID: m.ID, Status: "all", Limit: 500})
	if err != nil {
		s.renderError(w, r, err)
		return
	}

	d.Activities, err = s.app.Participation.MemberActivities(ctx, m.ID, memberActivityLimit+1)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if len(d.Activities) > memberActivityLimit {
		d.Activities, d.MoreActivities = d.Activities[:memberActivityLimit], true
	}
	d.Standing, err = s.app.Participation.MemberStanding(ctx, m.ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}

	if p := m.PrimaryEmail(); p != "" {
		d.Emails = append(d.Emails, members.Email{Address: p, Primary: true})
	}
	for _, e := range m.Emails {
		if !e.Primary {
			d.Emails = append(d.Emails, e)
		}
	}
	for _, id := range m.Identities {
		d.Identities = append(d.Identities, memberIdentity{Platform: id.Platform, Handle: id.Handle, URL: identityURL(id.Platform, id.Handle)})
	}
	for _, name := range slices.Sorted(maps.Keys(m.CustomFields)) {
		d.CustomFields = append(d.CustomFields, memberField{name, m.CustomFields[name]})
	}
	s.render(w, r, http.StatusOK, "member_show", view{Title: m.Name, Nav: "members", Data: d})
}

// memberLocalTime is the time now where the member lives, so a manager
// can see whether it is a sensible hour to call: "11:00 on Tue 10 Mar
// (UTC+01:00)". It is "" when the zone is unknown.
func memberLocalTime(zone string, now time.Time) string {
	if zone == "" {
		return ""
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return ""
	}
	t := now.In(loc)
	offset := t.Format("-07:00")
	if offset == "+00:00" {
		offset = ""
	}
	return t.Format("15:04 on Mon 2 Jan") + " (UTC" + offset + ")"
}

// hoursLabel is "1 hour" or "N hours".
func hoursLabel(h int) string {
	if h == 1 {
		return "1 hour"
	}
	return strconv.Itoa(h) + " hours"
}

// Hours is the member's hours a month in words, or "".
func (d memberShowData) Hours() string {
	if h := d.Member.Preferences.HoursPerMonth; h != nil {
		return hoursLabel(*h) + " a month"
	}
	return ""
}
