package web

import (
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/members"
)

// filterKey is one members-list filter key as the page names it. Main
// keys sit above "More filters"; the rest are inside it.
type filterKey struct {
	key, label string
	main       bool
	all        bool // a list that must all match ("a and b"), not any ("a, b")
}

// filterKeys are the members-list filter keys (custom fields aside), in
// the order the "Filtering by" line lists them.
var filterKeys = []filterKey{
	{key: "q", label: "Search", main: true},
	{key: "status", label: "Status", main: true},
	{key: "career_stage", label: "Career stage", main: true},
	{key: "country", label: "Country", main: true},
	{key: "name", label: "Name contains"},
	{key: "pronouns", label: "Pronouns"},
	{key: "email", label: "Email address"},
	{key: "has_email", label: "Email address"},
	{key: "orcid", label: "ORCID iD"},
	{key: "has_orcid", label: "ORCID iD"},
	{key: "affiliation", label: "Affiliation contains"},
	{key: "job_title", label: "Job title contains"},
	{key: "time_zone", label: "Time zone"},
	{key: "tag", label: "Tags", all: true},
	{key: "interest", label: "Interests", all: true},
	{key: "expertise", label: "Expertise", all: true},
	{key: "language", label: "Languages", all: true},
	{key: "source", label: "Source"},
	{key: "platform", label: "Account on"},
	{key: "joined_from", label: "Joined from"},
	{key: "joined_to", label: "Joined until"},
	{key: "created_from", label: "Added from"},
	{key: "created_to", label: "Added until"},
	{key: "updated_from", label: "Updated from"},
	{key: "updated_to", label: "Updated until"},
	{key: "modality", label: "Prefers"},
	{key: "timing", label: "Timing"},
	{key: "min_hours", label: "Hours a month, at least"},
	{key: "max_hours", label: "Hours a month, at most"},
	{key: "consent", label: "May be contacted"},
	{key: "consent_basis", label: "Lawful basis"},
	{key: "consent_from", label: "Consent from"},
	{key: "consent_to", label: "Consent until"},
	{key: "archived", label: "Archived members"},
	{key: "key", label: "Key members only"},
	{key: "id", label: "Chosen members"},
}

// The list form's custom-field inputs: repeated pairs of a name and a
// value, turned into field.NAME=value by fieldPairs.
const (
	fieldNameInput  = "field_name"
	fieldValueInput = "field_value"
)

// fieldPairs turns the list form's custom-field input pairs into the
// field.NAME keys ParseFilter reads, so paging, sorting and saving a
// segment all see one query. An empty value asks for everyone who has the
// field; a value without a name is passed on as "field." for ParseFilter
// to refuse, so the person learns the name is missing.
func fieldPairs(q url.Values) url.Values {
	names, values := q[fieldNameInput], q[fieldValueInput]
	if len(names) == 0 && len(values) == 0 {
		return q
	}
	out := url.Values{}
	for k, v := range q {
		if k != fieldNameInput && k != fieldValueInput {
			out[k] = slices.Clone(v)
		}
	}
	for i := range max(len(names), len(values)) {
		var name, value string
		if i < len(names) {
			name = strings.TrimSpace(names[i])
		}
		if i < len(values) {
			value = strings.TrimSpace(values[i])
		}
		switch {
		case name == "" && value == "":
			continue
		case value == "":
			value = members.AnyValue
		}
		out.Add("field."+name, value)
	}
	return out
}

// fieldRow is one custom-field condition as the form shows it. Key is the
// name its problems are filed under.
type fieldRow struct {
	Name, Value, Key string
}

// FieldRows are the custom-field conditions as typed, then an empty row
// for adding another.
func (d memberListData) FieldRows() []fieldRow {
	var rows []fieldRow
	for _, key := range slices.Sorted(maps.Keys(d.raw)) {
		name, ok := strings.CutPrefix(key, "field.")
		if !ok {
			continue
		}
		errKey := "field." + strings.TrimSpace(name)
		if strings.TrimSpace(name) == "" {
			errKey = "field"
		}
		for _, v := range d.raw[key] {
			if v = strings.TrimSpace(v); v == "" {
				continue
			}
			if v == members.AnyValue {
				v = ""
			}
			rows = append(rows, fieldRow{Name: name, Value: v, Key: errKey})
		}
	}
	return append(rows, fieldRow{})
}

// MoreOpen reports whether the "More filters" group should start open:
// when one of its fields is filled in.
func (d memberListData) MoreOpen() bool {
	for key := range d.raw {
		if strings.HasPrefix(key, "field.") && len(queryList(d.raw, key)) > 0 {
			return true
		}
	}
	for _, k := range filterKeys {
		if !k.main && len(queryList(d.raw, k.key)) > 0 {
			return true
		}
	}
	return false
}

// activeFilter is one condition of the list's filter, in words, with the
// address of the list without it.
type activeFilter struct {
	Label, Value string
	Remove       string
}

// ActiveFilters describes the filter in force, one entry a key, so it can
// be seen with "More filters" closed. Empty when nothing narrows the list
// or the filter could not be read.
func (d memberListData) ActiveFilters() []activeFilter {
	v := d.Filter.Values()
	var out []activeFilter
	add := func(key, label, value string) {
		rest := d.Filter.Values()
		rest.Del(key)
		out = append(out, activeFilter{Label: label, Value: value, Remove: memberListPath(rest.Encode())})
	}
	for _, k := range filterKeys {
		values := v[k.key]
		if len(values) == 0 {
			continue
		}
		if k.key == "id" {
			add(k.key, k.label, strconv.Itoa(len(values)))
			continue
		}
		words := make([]string, len(values))
		for i, s := range values {
			words[i] = d.describe(k.key, s)
		}
		sep := ", "
		if k.all {
			sep = " and "
		}
		add(k.key, k.label, strings.Join(words, sep))
	}
	for _, name := range slices.Sorted(maps.Keys(d.Filter.CustomFields)) {
		value := d.Filter.CustomFields[name]
		if value == members.AnyValue {
			value = "any value"
		}
		add("field."+name, name, value)
	}
	return out
}

// describe writes one filter value the way the form offers it.
func (d memberListData) describe(key, value string) string {
	o := d.Options
	switch key {
	case "status":
		return members.Status(value).Label()
	case "career_stage":
		return members.CareerStage(value).Label()
	case "country":
		return o.CountryName(value)
	case "modality":
		return o.ModalityLabel(value)
	case "timing":
		return o.TimingLabel(value)
	case "consent_basis":
		return o.BasisLabel(value)
	case "has_email", "has_orcid":
		return map[string]string{"true": "has one", "false": "has none"}[value]
	case "consent":
		return map[string]string{"true": "yes", "false": "no"}[value]
	case "archived":
		return map[string]string{members.ArchivedInclude: "included", members.ArchivedOnly: "only"}[value]
	case "key":
		return ""
	}
	return value
}

// ClearURL is the list with no filter, in the same order.
func (d memberListData) ClearURL() string {
	if d.Filter.Sort == "" {
		return "/members"
	}
	return memberListPath(url.Values{"sort": {d.Filter.Sort}}.Encode())
}

// dropEmptyFieldPairs removes the custom-field input pairs left blank on
// the list form, keeping the others in order: their values pair up by
// position, and an empty value beside a name means "has this field".
func dropEmptyFieldPairs(q url.Values) url.Values {
	names, values := q[fieldNameInput], q[fieldValueInput]
	var keptNames, keptValues []string
	for i := range max(len(names), len(values)) {
		var name, value string
		if i < len(names) {
			name = names[i]
		}
		if i < len(values) {
			value = values[i]
		}
		if strings.TrimSpace(name) == "" && strings.TrimSpace(value) == "" {
			continue
		}
		keptNames, keptValues = append(keptNames, name), append(keptValues, value)
	}
	out := maps.Clone(q)
	delete(out, fieldNameInput)
	delete(out, fieldValueInput)
	if len(keptNames) > 0 {
		out[fieldNameInput], out[fieldValueInput] = keptNames, keptValues
	}
	return out
}
