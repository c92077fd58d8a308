package csvmembers

import (
	"fmt"
	"slices"
	"strings"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/members"
)

// record turns one row into a member record. Empty cells say nothing: a
// re-import never clears a value because a column is blank or missing.
func record(cols []imports.Column, row []string, line int) imports.Record {
	rec := imports.Record{Line: line}
	m := &rec.Member
	var first, last string
	fields := map[string]bool{}
	problem := func(field, format string, args ...any) {
		if rec.Problems == nil {
			rec.Problems = map[string]string{}
		}
		if _, ok := rec.Problems[field]; !ok {
			rec.Problems[field] = fmt.Sprintf(format, args...)
		}
	}
	for _, c := range cols {
		if c.Index >= len(row) || c.Field == "" {
			continue
		}
		v := strings.TrimSpace(row[c.Index])
		if v == "" {
			continue
		}
		set := func(dst *string, field string) {
			if *dst == "" {
				*dst = v
				fields[field] = true
			}
		}
		switch f := c.Field; f {
		case "name":
			set(&m.Name, "name")
		case "first_name":
			if first == "" {
				first = v
			}
		case "last_name":
			if last == "" {
				last = v
			}
		case "preferred_name":
			set(&m.PreferredName, f)
		case "pronouns":
			set(&m.Pronouns, f)
		case "affiliation":
			set(&m.Affiliation, f)
		case "job_title":
			set(&m.JobTitle, f)
		case "orcid":
			set(&m.ORCID, f)
		case "notes":
			set(&m.Notes, f)
		case "time_zone":
			set(&m.TimeZone, f)
		case "email":
			for _, e := range splitList(v, ",; \t\n") {
				e = strings.ToLower(strings.Trim(e, "<>"))
				if !slices.ContainsFunc(m.Emails, func(x members.Email) bool { return x.Address == e }) {
					m.Emails = append(m.Emails, members.Email{Address: e, Primary: len(m.Emails) == 0})
				}
			}
			fields["emails"] = true
		case "country":
			code := members.CountryCode(v)
			if code == "" {
				code = countryAliases[headerKey(v)]
			}
			if code == "" {
				problem("country", "%q is not a country code (DE) or English country name (Germany)", v)
			}
			if m.Country == "" {
				m.Country = code
			}
			fields["country"] = true
		case "career_stage":
			if m.CareerStage == "" {
				m.CareerStage = careerStage(v)
			}
			fields[f] = true
		case "status":
			if m.Status == "" {
				m.Status = members.Status(strings.ToLower(v))
			}
			fields[f] = true
		case "joined_on":
			set(&m.JoinedOn, f)
			m.JoinedOn = isoDate(m.JoinedOn)
		case "expertise", "interests", "languages", "tags":
			list := tagList(m, f)
			for _, t := range splitList(v, ",;|\n") {
				if !slices.ContainsFunc(*list, func(x string) bool { return strings.EqualFold(x, t) }) {
					*list = append(*list, t)
				}
			}
			fields[f] = true
		case "consent":
			yes, ok := yesNo(v)
			if !ok {
				problem("consent", "%q is not yes or no", v)
			}
			m.Consent.Contact = yes
			fields["consent"] = true
		default:
			if platform, ok := strings.CutPrefix(f, "identity:"); ok {
				if !slices.ContainsFunc(m.Identities, func(x members.Identity) bool { return x.Platform == platform }) {
					m.Identities = append(m.Identities, members.Identity{Platform: platform, Handle: v})
				}
				fields["identities"] = true
			} else if name, ok := strings.CutPrefix(f, "custom:"); ok {
				if m.CustomFields == nil {
					m.CustomFields = map[string]string{}
				}
				if _, dup := m.CustomFields[name]; !dup {
					m.CustomFields[name] = v
				}
				fields["custom_fields"] = true
			}
		}
	}
	if m.Name == "" && (first != "" || last != "") {
		m.Name = strings.TrimSpace(first + " " + last)
		fields["name"] = true
	}
	if m.Name == "" && len(m.Emails) > 0 {
		// A mailing list export often has nothing but the address: the
		// part before the @ stands in until someone knows better.
		m.Name, _, _ = strings.Cut(m.Emails[0].Address, "@")
	}
	for _, f := range fieldOrder {
		if fields[f] {
			rec.Fields = append(rec.Fields, f)
		}
	}
	return rec
}

// fieldOrder lists member fields (JSON names) in the order records name
// them.
var fieldOrder = []string{"name", "preferred_name", "pronouns", "emails", "affiliation", "job_title", "orcid",
	"country", "time_zone", "career_stage", "expertise", "interests", "languages", "tags", "joined_on", "status",
	"consent", "identities", "notes", "custom_fields"}

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

func splitList(v, seps string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// careerStage reads a career stage as people write it.
func careerStage(v string) members.CareerStage {
	k := headerKey(v)
	switch k {
	case "student", "phdstudent", "phd", "phdcandidate", "doctoralstudent", "masters", "masterstudent", "mastersstudent", "undergraduate", "graduatestudent":
		return members.StageStudent
	case "earlycareer", "earlycareerresearcher", "ecr", "postdoc", "postdoctoral", "postdoctoralresearcher", "postdoctoralfellow":
		return members.StageEarlyCareer
	case "midcareer", "midcareerresearcher":
		return members.StageMidCareer
	case "senior", "seniorresearcher", "professor", "pi", "principalinvestigator", "faculty":
		return members.StageSenior
	case "nonacademic", "industry", "other":
		return members.StageNonAcademic
	}
	return members.CareerStage(strings.ToLower(strings.ReplaceAll(strings.TrimSpace(v), " ", "_")))
}

// isoDate reads the dates spreadsheets write without doubt about the
// order: 2024-03-01, 2024/03/01, or a timestamp starting with the date.
// Anything else is left as it is, and refused by validation.
func isoDate(v string) string {
	if len(v) >= 10 && (v[4] == '-' || v[4] == '/') && v[7] == v[4] {
		d := strings.ReplaceAll(v[:10], "/", "-")
		if len(v) == 10 || v[10] == 'T' || v[10] == ' ' {
			return d
		}
	}
	return v
}

func yesNo(v string) (yes, ok bool) {
	switch strings.ToLower(v) {
	case "yes", "y", "true", "1", "x", "✓", "✔", "oui", "ja", "si", "sí", "opted in", "subscribed":
		return true, true
	case "no", "n", "false", "0", "non", "nein", "opted out", "unsubscribed":
		return false, true
	}
	return false, false
}

// countryAliases are the everyday names of countries whose ISO short name
// reads otherwise ("United States" for "United States of America").
var countryAliases = map[string]string{
	"unitedstates": "US", "usa": "US", "us": "US", "america": "US", "uk": "GB", "greatbritain": "GB",
	"britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "northernireland": "GB",
	"russia": "RU", "southkorea": "KR", "korea": "KR", "northkorea": "KP", "vietnam": "VN",
	"czechrepublic": "CZ", "holland": "NL", "thenetherlands": "NL", "turkey": "TR", "laos": "LA",
	"drc": "CD", "drcongo": "CD", "democraticrepublicofthecongo": "CD", "ivorycoast": "CI",
	"uae": "AE", "bolivia": "BO", "iran": "IR", "syria": "SY", "tanzania": "TZ", "venezuela": "VE",
	"moldova": "MD", "taiwan": "TW", "macedonia": "MK", "swaziland": "SZ", "burma": "MM",
	"deutschland": "DE", "allemagne": "DE", "espana": "ES", "espagne": "ES", "frankreich": "FR",
	"italia": "IT", "schweiz": "CH", "suisse": "CH", "svizzera": "CH", "osterreich": "AT", "nederland": "NL",
	"danmark": "DK", "sverige": "SE", "norge": "NO", "suomi": "FI", "polska": "PL", "brasil": "BR", "mexico": "MX",
}
