package web

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
)

// The member form's fields are named by the domain's JSON names
// ("preferences.hours_per_month", "consent.basis"), so most validation
// errors land beside their input without translation. The lists a person
// types as text are:
//
//   - emails: one address per line (commas and semicolons also separate);
//     the first is the primary address;
//   - expertise, interests, languages, tags: comma-separated;
//   - identities: one "platform: handle" per line ("github: octocat"); a
//     bare https:// address is a website;
//   - custom_fields: one "name: value" per line; a line that starts with a
//     space or tab continues the value above, so values may span lines.

// memberInput is a member read from the form, with where each list item
// came from, so the domain's indexed errors ("emails[2].address") can name
// the line a person typed.
type memberInput struct {
	Member        members.Member
	emailLines    []int // textarea line (from 1) of each Emails[i]
	identityLines []int // textarea line of each Identities[i], before sorting
	tagItems      map[string][]string
	// problems the form itself found, keyed by form field
	errs map[string]string
}

// memberListFields are the comma-separated tag lists, by JSON name.
var memberListFields = []string{"expertise", "interests", "languages", "tags"}

// parseMemberForm reads the member form. It never fails: what it cannot
// read it records in errs, keyed by form field, and leaves out of Member.
func parseMemberForm(form url.Values) memberInput {
	in := memberInput{errs: map[string]string{}, tagItems: map[string][]string{}}
	m := &in.Member
	m.Name = form.Get("name")
	m.PreferredName = form.Get("preferred_name")
	m.Pronouns = form.Get("pronouns")
	m.Affiliation = form.Get("affiliation")
	m.JobTitle = form.Get("job_title")
	m.ORCID = form.Get("orcid")
	m.Country = form.Get("country")
	m.TimeZone = form.Get("time_zone")
	m.CareerStage = members.CareerStage(strings.TrimSpace(form.Get("career_stage")))
	m.Status = members.Status(strings.TrimSpace(form.Get("status")))
	m.JoinedOn = form.Get("joined_on")
	m.Source = form.Get("source")
	m.Notes = normaliseNewlines(form.Get("notes"))

	for i, line := range lines(form.Get("emails")) {
		for _, addr := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ';' }) {
			if addr = strings.TrimSpace(addr); addr != "" {
				m.Emails = append(m.Emails, members.Email{Address: addr, Primary: len(m.Emails) == 0})
				in.emailLines = append(in.emailLines, i+1)
			}
		}
	}
	for _, field := range memberListFields {
		items := splitList(form.Get(field))
		in.tagItems[field] = items
		switch field {
		case "expertise":
			m.Expertise = items
		case "interests":
			m.Interests = items
		case "languages":
			m.Languages = items
		case "tags":
			m.Tags = items
		}
	}

	m.Preferences.Modality = strings.TrimSpace(form.Get("preferences.modality"))
	m.Preferences.Timing = strings.TrimSpace(form.Get("preferences.timing"))
	if h := strings.TrimSpace(form.Get("preferences.hours_per_month")); h != "" {
		n, err := strconv.Atoi(h)
		if err != nil {
			in.errs["preferences.hours_per_month"] = "must be a whole number of hours, such as 4"
		} else {
			m.Preferences.HoursPerMonth = &n
		}
	}
	switch strings.ToLower(form.Get("consent.contact")) {
	case "1", "on", "true", "yes":
		m.Consent.Contact = true
	}
	m.Consent.Basis = strings.TrimSpace(form.Get("consent.basis"))
	m.Consent.Date = form.Get("consent.date")

	in.parseIdentities(form.Get("identities"))
	in.parseCustomFields(form.Get("custom_fields"))
	return in
}

func (in *memberInput) parseIdentities(text string) {
	var bad []string
	for i, line := range lines(text) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		var id members.Identity
		lower := strings.ToLower(line)
		if strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "http://") {
			// A pasted address has a colon, but it is not "platform: handle".
			id = members.Identity{Platform: "website", Handle: line}
		} else {
			platform, handle, ok := strings.Cut(line, ":")
			if !ok {
				bad = append(bad, fmt.Sprintf("line %d: write platform: handle", i+1))
				continue
			}
			id = members.Identity{Platform: strings.TrimSpace(platform), Handle: strings.TrimSpace(handle)}
		}
		in.Member.Identities = append(in.Member.Identities, id)
		in.identityLines = append(in.identityLines, i+1)
	}
	if len(bad) > 0 {
		in.errs["identities"] = strings.Join(bad, "; ") + ` (for example "github: octocat")`
	}
}

func (in *memberInput) parseCustomFields(text string) {
	fields := map[string]string{}
	var bad []string
	last := ""
	for i, line := range lines(text) {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if (line[0] == ' ' || line[0] == '\t') && last != "" {
			fields[last] += "\n" + strings.TrimSpace(line)
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			bad = append(bad, fmt.Sprintf("line %d: write name: value", i+1))
			last = ""
			continue
		}
		name = strings.TrimSpace(name)
		if _, dup := fields[name]; dup {
			bad = append(bad, fmt.Sprintf("line %d: %q is listed twice", i+1, name))
		}
		fields[name] = strings.TrimSpace(value)
		last = name
	}
	if len(bad) > 0 {
		in.errs["custom_fields"] = strings.Join(bad, "; ")
	}
	in.Member.CustomFields = fields
}

// indexedField matches the domain's names for list items:
// "emails[2].address", "identities[0].handle", "tags[3]".
var indexedField = regexp.MustCompile(`^([a-z_]+)\[(\d+)\](?:\.([a-z_]+))?$`)

// fieldErrors merges the form's own problems with a domain validation
// error, keyed by form field, each saying which line or item is wrong.
// Several problems with one field are joined. It returns nil when there
// are none.
func (in memberInput) fieldErrors(err error) map[string]string {
	out := map[string]string{}
	add := func(field, msg string) {
		if prev, ok := out[field]; ok {
			if !strings.Contains(prev, msg) {
				out[field] = prev + "; " + msg
			}
			return
		}
		out[field] = msg
	}
	for _, k := range slices.Sorted(maps.Keys(in.errs)) {
		add(k, in.errs[k])
	}
	var ae *apperr.Error
	if errors.As(err, &ae) {
		for _, k := range slices.Sorted(maps.Keys(ae.Fields)) {
			field, msg := in.formField(k, ae.Fields[k])
			add(field, msg)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// formField maps one domain field error onto the form field that shows it.
func (in memberInput) formField(key, msg string) (string, string) {
	if name, ok := strings.CutPrefix(key, "custom_fields."); ok {
		return "custom_fields", name + ": " + msg
	}
	sub := indexedField.FindStringSubmatch(key)
	if sub == nil {
		return key, msg
	}
	field, part := sub[1], sub[3]
	i, _ := strconv.Atoi(sub[2])
	switch field {
	case "emails":
		if i < len(in.emailLines) {
			return field, fmt.Sprintf("line %d: %s", in.emailLines[i], msg)
		}
	case "identities":
		if i < len(in.identityLines) {
			return field, fmt.Sprintf("line %d: the %s %s", in.identityLines[i], part, msg)
		}
	default:
		if items := in.tagItems[field]; i < len(items) {
			return field, fmt.Sprintf("%q %s", shortText(items[i], 30), msg)
		}
	}
	return field, msg
}

// memberFormValues is the form filled in with m, for the edit page.
func memberFormValues(m members.Member) url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("name", m.Name)
	set("preferred_name", m.PreferredName)
	set("pronouns", m.Pronouns)
	set("affiliation", m.Affiliation)
	set("job_title", m.JobTitle)
	set("orcid", m.ORCID)
	set("country", m.Country)
	set("time_zone", m.TimeZone)
	set("career_stage", string(m.CareerStage))
	set("status", string(m.Status))
	set("joined_on", m.JoinedOn)
	set("source", m.Source)
	set("notes", m.Notes)
	// The primary address goes first: the form makes the first one primary.
	var emails []string
	if p := m.PrimaryEmail(); p != "" {
		emails = append(emails, p)
	}
	for _, e := range m.Emails {
		if !e.Primary {
			emails = append(emails, e.Address)
		}
	}
	set("emails", strings.Join(emails, "\n"))
	set("expertise", strings.Join(m.Expertise, ", "))
	set("interests", strings.Join(m.Interests, ", "))
	set("languages", strings.Join(m.Languages, ", "))
	set("tags", strings.Join(m.Tags, ", "))
	set("preferences.modality", m.Preferences.Modality)
	set("preferences.timing", m.Preferences.Timing)
	if h := m.Preferences.HoursPerMonth; h != nil {
		v.Set("preferences.hours_per_month", strconv.Itoa(*h))
	}
	if m.Consent.Contact {
		v.Set("consent.contact", "1")
	}
	set("consent.basis", m.Consent.Basis)
	set("consent.date", m.Consent.Date)
	var ids []string
	for _, id := range m.Identities {
		ids = append(ids, id.Platform+": "+id.Handle)
	}
	set("identities", strings.Join(ids, "\n"))
	var fields []string
	for _, name := range slices.Sorted(maps.Keys(m.CustomFields)) {
		value := strings.ReplaceAll(m.CustomFields[name], "\n", "\n  ")
		fields = append(fields, name+": "+value)
	}
	set("custom_fields", strings.Join(fields, "\n"))
	return v
}

// lines splits a textarea's text into lines, whatever the browser's line
// endings.
func lines(s string) []string {
	s = normaliseNewlines(s)
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// normaliseNewlines turns the CRLF browsers send into plain newlines.
func normaliseNewlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// splitList reads a comma-separated list (newlines also separate), trimmed,
// with blanks dropped.
func splitList(s string) []string {
	var out []string
	for _, item := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' }) {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// shortText cuts s to at most n characters, for quoting input in messages.
func shortText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
