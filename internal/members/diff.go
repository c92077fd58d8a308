package members

import (
	"maps"
	"slices"
)

// changedFields names, by JSON name, the editable fields that differ
// between two normalised records, for the audit log and to skip writes
// that change nothing.
func changedFields(a, b Member) []string {
	var out []string
	check := func(field string, same bool) {
		if !same {
			out = append(out, field)
		}
	}
	check("name", a.Name == b.Name)
	check("preferred_name", a.PreferredName == b.PreferredName)
	check("pronouns", a.Pronouns == b.Pronouns)
	check("emails", slices.Equal(a.Emails, b.Emails))
	check("affiliation", a.Affiliation == b.Affiliation)
	check("job_title", a.JobTitle == b.JobTitle)
	check("orcid", a.ORCID == b.ORCID)
	check("country", a.Country == b.Country)
	check("time_zone", a.TimeZone == b.TimeZone)
	check("career_stage", a.CareerStage == b.CareerStage)
	check("expertise", slices.Equal(a.Expertise, b.Expertise))
	check("interests", slices.Equal(a.Interests, b.Interests))
	check("languages", slices.Equal(a.Languages, b.Languages))
	check("tags", slices.Equal(a.Tags, b.Tags))
	check("joined_on", a.JoinedOn == b.JoinedOn)
	check("source", a.Source == b.Source)
	check("status", a.Status == b.Status)
	pa, pb := a.Preferences, b.Preferences
	check("preferences", pa.Modality == pb.Modality && pa.Timing == pb.Timing &&
		(pa.HoursPerMonth == nil) == (pb.HoursPerMonth == nil) &&
		(pa.HoursPerMonth == nil || *pa.HoursPerMonth == *pb.HoursPerMonth))
	check("consent", a.Consent == b.Consent)
	check("identities", slices.Equal(a.Identities, b.Identities))
	check("notes", a.Notes == b.Notes)
	check("custom_fields", maps.Equal(a.CustomFields, b.CustomFields))
	return out
}
