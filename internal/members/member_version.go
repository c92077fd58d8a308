package members

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/versions"
)

// history keeps the versions of members that edits replaced.
var history = versions.History{Noun: entity, Table: "member_versions", Key: "member_id"}

// fields is the member as a person reads it, field by field under the
// API's names, for telling a stale edit what changed since. Each custom
// field is its own entry, so two people's changes to different keys read
// as two changes.
func (m Member) fields() versions.Fields {
	var f versions.Fields
	emails := make([]string, len(m.Emails))
	for i, e := range m.Emails {
		emails[i] = e.Address
		if e.Primary && len(m.Emails) > 1 {
			emails[i] += " (primary)"
		}
	}
	ids := make([]string, len(m.Identities))
	for i, x := range m.Identities {
		ids[i] = x.Platform + ": " + x.Handle
	}
	hours := ""
	if h := m.Preferences.HoursPerMonth; h != nil {
		hours = strconv.Itoa(*h)
	}
	contact := "no"
	if m.Consent.Contact {
		contact = "yes"
	}
	archived := ""
	if m.ArchivedAt != nil {
		archived = m.ArchivedAt.Format("2006-01-02")
	}
	f.Add("name", m.Name)
	f.Add("preferred_name", m.PreferredName)
	f.Add("pronouns", m.Pronouns)
	f.Add("emails", strings.Join(emails, ", "))
	f.Add("affiliation", m.Affiliation)
	f.Add("job_title", m.JobTitle)
	f.Add("orcid", m.ORCID)
	f.Add("country", m.Country)
	f.Add("time_zone", m.TimeZone)
	f.Add("career_stage", string(m.CareerStage))
	f.Add("expertise", strings.Join(m.Expertise, ", "))
	f.Add("interests", strings.Join(m.Interests, ", "))
	f.Add("languages", strings.Join(m.Languages, ", "))
	f.Add("tags", strings.Join(m.Tags, ", "))
	f.Add("joined_on", m.JoinedOn)
	f.Add("source", m.Source)
	f.Add("status", string(m.Status))
	f.Add("preferences.modality", m.Preferences.Modality)
	f.Add("preferences.timing", m.Preferences.Timing)
	f.Add("preferences.hours_per_month", hours)
	f.Add("consent.contact", contact)
	f.Add("consent.basis", m.Consent.Basis)
	f.Add("consent.date", m.Consent.Date)
	f.Add("identities", strings.Join(ids, ", "))
	f.Add("notes", m.Notes)
	for _, k := range slices.Sorted(maps.Keys(m.CustomFields)) {
		f.Add("custom_fields."+k, m.CustomFields[k])
	}
	f.Add("archived_at", archived)
	return f
}
