package imports

import (
	"maps"
	"slices"
	"strings"

	"github.com/trellis-community/trellis/internal/members"
)

// scalar is a member field holding one value.
type scalar struct {
	name string
	at   func(m *members.Member) *string
}

var scalars = []scalar{
	{"name", func(m *members.Member) *string { return &m.Name }},
	{"preferred_name", func(m *members.Member) *string { return &m.PreferredName }},
	{"pronouns", func(m *members.Member) *string { return &m.Pronouns }},
	{"affiliation", func(m *members.Member) *string { return &m.Affiliation }},
	{"job_title", func(m *members.Member) *string { return &m.JobTitle }},
	{"orcid", func(m *members.Member) *string { return &m.ORCID }},
	{"country", func(m *members.Member) *string { return &m.Country }},
	{"time_zone", func(m *members.Member) *string { return &m.TimeZone }},
	{"career_stage", func(m *members.Member) *string { return (*string)(&m.CareerStage) }},
	{"joined_on", func(m *members.Member) *string { return &m.JoinedOn }},
	{"status", func(m *members.Member) *string { return (*string)(&m.Status) }},
	{"notes", func(m *members.Member) *string { return &m.Notes }},
}

// kept is a value dst kept although src had another.
type kept struct {
	field    string
	has, new string
}

// combine folds the fields of src that fields names into dst. Lists
// (emails, tags, identities) gain what src adds. A scalar or custom field
// dst has no value for takes src's; one holding another value takes it
// only when overwrite(field) allows, and is otherwise returned in kept.
// It reports whether dst changed.
func combine(dst *members.Member, src *members.Member, fields []string, overwrite func(field string) bool) (changed bool, out []kept) {
	for _, f := range fields {
		switch f {
		case "emails":
			for _, e := range src.Emails {
				if !slices.ContainsFunc(dst.Emails, func(d members.Email) bool { return strings.EqualFold(d.Address, e.Address) }) {
					dst.Emails = append(dst.Emails, members.Email{Address: e.Address, Primary: len(dst.Emails) == 0})
					changed = true
				}
			}
		case "expertise", "interests", "languages", "tags":
			d, s := tagList(dst, f), tagList(src, f)
			for _, t := range *s {
				if !slices.ContainsFunc(*d, func(x string) bool { return strings.EqualFold(x, t) }) {
					*d = append(*d, t)
					changed = true
				}
			}
		case "identities":
			for _, x := range src.Identities {
				if !slices.ContainsFunc(dst.Identities, func(d members.Identity) bool {
					return d.Platform == x.Platform && strings.EqualFold(strings.TrimPrefix(d.Handle, "@"), strings.TrimPrefix(x.Handle, "@"))
				}) {
					dst.Identities = append(dst.Identities, x)
					changed = true
				}
			}
		case "custom_fields":
			if dst.CustomFields == nil {
				dst.CustomFields = map[string]string{}
			}
			for _, k := range slices.Sorted(maps.Keys(src.CustomFields)) {
				v, cur := src.CustomFields[k], dst.CustomFields[k]
				switch {
				case v == cur || v == "":
				case cur == "" || overwrite("custom_fields"):
					dst.CustomFields[k] = v
					changed = true
				default:
					out = append(out, kept{"custom_fields." + k, cur, v})
				}
			}
		case "consent":
			switch {
			case dst.Consent == src.Consent:
			case dst.Consent == (members.Consent{}) || overwrite("consent"):
				dst.Consent = src.Consent
				changed = true
			default:
				out = append(out, kept{"consent", consentText(dst.Consent), consentText(src.Consent)})
			}
		default:
			i := slices.IndexFunc(scalars, func(s scalar) bool { return s.name == f })
			if i < 0 {
				continue
			}
			d, v := scalars[i].at(dst), *scalars[i].at(src)
			switch {
			case *d == v || v == "":
			case *d == "" || overwrite(f):
				*d = v
				changed = true
			default:
				out = append(out, kept{f, *d, v})
			}
		}
	}
	return changed, out
}

func tagList(m *members.Member, f string) *[]string {
	switch f {
	case "expertise":
		return &m.Expertise
	case "interests":
		return &m.Interests
	case "languages":
		return &m.Languages
	}
	return &m.Tags
}

func consentText(c members.Consent) string {
	if !c.Contact {
		return "no"
	}
	s := "yes"
	if c.Basis != "" {
		s += " (" + c.Basis + ")"
	}
	if c.Date != "" {
		s += " since " + c.Date
	}
	return s
}
