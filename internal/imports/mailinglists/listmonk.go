package mailinglists

import (
	"bytes"
	"encoding/json"
	"io"
	"iter"
	"maps"
	"slices"
	"strings"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/imports/csvmembers"
	"github.com/trellis-community/trellis/internal/members"
)

// Listmonk imports a listmonk subscribers export ("Export" on the
// subscribers page): uuid, email, name, attributes (a JSON object),
// status (enabled, disabled or blocklisted), created_at, updated_at.
type Listmonk struct{}

// Kind implements imports.Importer.
func (Listmonk) Kind() string { return "listmonk" }

// Label implements imports.Importer.
func (Listmonk) Label() string { return "listmonk subscribers export (CSV)" }

// listmonkColumns are the export's columns, by header.
var listmonkColumns = map[string]string{
	"uuid": "", "email": "email", "name": "name", "attributes": "", "status": "", "created_at": "", "updated_at": "",
}

// Preview implements imports.Importer.
func (Listmonk) Preview(r io.Reader, fileName string, mapping imports.Mapping, rows int) (imports.Preview, error) {
	f, err := openList(r, fileName, mapping, listmonkColumns)
	if err != nil {
		return imports.Preview{}, err
	}
	return f.preview(rows)
}

// Records implements imports.Importer.
func (Listmonk) Records(r io.Reader, fileName string, mapping imports.Mapping) iter.Seq2[imports.Record, error] {
	f, err := openList(r, fileName, mapping, listmonkColumns)
	if err == nil {
		err = f.needEmail(fileName, "a listmonk subscribers export")
	}
	if err != nil {
		return refuse(err)
	}
	return f.records(func(row []string, rec *imports.Record) { listmonkRow(f, row, rec) })
}

func listmonkRow(f *listFile, row []string, rec *imports.Record) {
	m := &rec.Member
	if v := f.cell(row, "attributes"); v != "" {
		attributes(rec, v)
	}
	switch status := f.cell(row, "status"); strings.ToLower(status) {
	case "blocklisted":
		// Blocklisted: never to be mailed again, whatever their lists say.
		m.Consent = members.Consent{}
		if v := f.cell(row, "updated_at"); v != "" {
			if d, ok := day(v); ok {
				m.Consent.Date = d
			} else {
				problem(rec, "consent.date", "updated_at %q is not a date and time such as 2024-03-01 10:22:33.5 +0000 UTC", v)
			}
		}
		addField(rec, "consent")
	case "enabled", "disabled", "":
		// Whether they agreed to a list is per list, which the export
		// leaves out: nothing is said about consent.
	default:
		problem(rec, "status", "status %q is not enabled, disabled or blocklisted", status)
	}
	if v := f.cell(row, "created_at"); v != "" {
		d, ok := day(v)
		if !ok {
			problem(rec, "joined_on", "created_at %q is not a date and time such as 2024-03-01 10:22:33.5 +0000 UTC", v)
		} else if m.JoinedOn == "" {
			m.JoinedOn = d
			addField(rec, "joined_on")
		}
	}
}

// attributes reads a subscriber's attributes, a JSON object: keys that
// name a member field as a spreadsheet header would ("affiliation",
// "institution", "orcid", "country", "city", "tags") fill it, the rest
// become custom fields, nested values as JSON text.
func attributes(rec *imports.Record, v string) {
	var attrs map[string]json.RawMessage
	dec := json.NewDecoder(strings.NewReader(v))
	dec.UseNumber()
	if err := dec.Decode(&attrs); err != nil {
		problem(rec, "custom_fields", "attributes is not a JSON object: %v", err)
		return
	}
	keys := slices.Sorted(maps.Keys(attrs))
	cols := make([]imports.Column, 0, len(keys))
	row := make([]string, 0, len(keys))
	custom := map[string]string{}
	for _, k := range keys {
		val, list := attributeText(attrs[k])
		if val == "" {
			continue
		}
		field := csvmembers.Guess(k)
		if field == "time_zone" && validZone(val) {
			val, _ = members.ResolveTimeZone(val)
		}
		switch {
		case field == "country" && csvmembers.Country(val) == "",
			field == "time_zone" && !validZone(val),
			list && !slices.Contains([]string{"email", "expertise", "interests", "languages", "tags"}, field),
			field == "":
			// Kept as they are rather than refused: a free-form attribute
			// is no reason to turn a person away.
			custom[k] = val
			continue
		}
		cols = append(cols, imports.Column{Index: len(row), Header: k, Field: field})
		row = append(row, val)
	}
	got := csvmembers.Row(cols, row, rec.Line)
	fold(rec, got)
	if len(custom) > 0 {
		if rec.Member.CustomFields == nil {
			rec.Member.CustomFields = map[string]string{}
		}
		for k, val := range custom {
			if _, dup := rec.Member.CustomFields[k]; !dup {
				rec.Member.CustomFields[k] = val
			}
		}
		addField(rec, "custom_fields")
	}
}

// attributeText is an attribute's value as text: a string as it is, a
// list of strings joined by commas (list reports it), null as "", and
// anything else as its JSON.
func attributeText(raw json.RawMessage) (v string, list bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s), false
	}
	var ss []string
	if json.Unmarshal(raw, &ss) == nil {
		return strings.Join(ss, ","), true
	}
	raw = bytes.TrimSpace(raw)
	if string(raw) == "null" {
		return "", false
	}
	var compact bytes.Buffer
	if json.Compact(&compact, raw) == nil {
		return compact.String(), false
	}
	return string(raw), false
}

func validZone(v string) bool {
	tz, err := members.ResolveTimeZone(v)
	return err == nil && tz != ""
}

// fold adds to rec what the attributes gave, the columns first: a value
// the row's own columns set is kept.
func fold(rec *imports.Record, got imports.Record) {
	m, g := &rec.Member, got.Member
	for _, f := range got.Fields {
		switch f {
		case "name":
			if m.Name == "" || !slices.Contains(rec.Fields, "name") {
				m.Name = g.Name
			}
		case "emails":
			for _, e := range g.Emails {
				if !slices.ContainsFunc(m.Emails, func(x members.Email) bool { return x.Address == e.Address }) {
					m.Emails = append(m.Emails, members.Email{Address: e.Address, Primary: len(m.Emails) == 0})
				}
			}
		case "expertise":
			m.Expertise = append(m.Expertise, g.Expertise...)
		case "interests":
			m.Interests = append(m.Interests, g.Interests...)
		case "languages":
			m.Languages = append(m.Languages, g.Languages...)
		case "tags":
			m.Tags = append(m.Tags, g.Tags...)
		case "identities":
			m.Identities = append(m.Identities, g.Identities...)
		case "custom_fields":
			if m.CustomFields == nil {
				m.CustomFields = map[string]string{}
			}
			for k, v := range g.CustomFields {
				if _, dup := m.CustomFields[k]; !dup {
					m.CustomFields[k] = v
				}
			}
		case "consent":
			m.Consent = g.Consent
		case "career_stage":
			setEmpty((*string)(&m.CareerStage), string(g.CareerStage))
		case "status":
			setEmpty((*string)(&m.Status), string(g.Status))
		default:
			for _, s := range scalarFields(m, &g) {
				if s.name == f {
					setEmpty(s.dst, s.src)
				}
			}
		}
		addField(rec, f)
	}
	for f, p := range got.Problems {
		problem(rec, f, "attributes: %s", p)
	}
}

type scalarField struct {
	name string
	dst  *string
	src  string
}

func scalarFields(m, g *members.Member) []scalarField {
	return []scalarField{
		{"preferred_name", &m.PreferredName, g.PreferredName}, {"pronouns", &m.Pronouns, g.Pronouns},
		{"affiliation", &m.Affiliation, g.Affiliation}, {"job_title", &m.JobTitle, g.JobTitle},
		{"orcid", &m.ORCID, g.ORCID}, {"country", &m.Country, g.Country}, {"time_zone", &m.TimeZone, g.TimeZone},
		{"joined_on", &m.JoinedOn, g.JoinedOn}, {"notes", &m.Notes, g.Notes},
	}
}

func setEmpty(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}
