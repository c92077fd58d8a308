package members

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// Filter narrows the members list. Zero fields match everything, except
// Archived, whose zero value hides archived members. List fields match when
// the member has ALL the listed tags, interests, expertise, languages and
// custom fields, or ANY of the listed statuses, career stages, countries,
// time zones, modalities, timings and consent bases. Ranges (From/To,
// MinHours/MaxHours) are inclusive and leave out members with nothing
// recorded. The JSON names are the API's.
type Filter struct {
	Q              string        `json:"q,omitempty"` // full text, prefix match on the last word
	Status         []Status      `json:"status,omitempty"`
	CareerStage    []CareerStage `json:"career_stage,omitempty"`
	Country        []string      `json:"country,omitempty"`
	Tags           []string      `json:"tags,omitempty"`
	Interests      []string      `json:"interests,omitempty"`
	Expertise      []string      `json:"expertise,omitempty"`
	Languages      []string      `json:"languages,omitempty"`
	Name           string        `json:"name,omitempty"`        // substring of the name or preferred name, ignoring case and accents
	Pronouns       string        `json:"pronouns,omitempty"`    // exactly, ignoring case
	Affiliation    string        `json:"affiliation,omitempty"` // substring, ignoring case and accents
	JobTitle       string        `json:"job_title,omitempty"`   // substring, ignoring case and accents
	TimeZone       []string      `json:"time_zone,omitempty"`   // IANA names, exactly
	Source         string        `json:"source,omitempty"`
	Email          string        `json:"email,omitempty"`        // one of their addresses, ignoring case
	ORCID          string        `json:"orcid,omitempty"`        // in its 0000-0002-1825-0097 form once normalised
	JoinedFrom     string        `json:"joined_from,omitempty"`  // YYYY-MM-DD, inclusive
	JoinedTo       string        `json:"joined_to,omitempty"`    // YYYY-MM-DD, inclusive
	CreatedFrom    string        `json:"created_from,omitempty"` // YYYY-MM-DD in UTC, inclusive
	CreatedTo      string        `json:"created_to,omitempty"`
	UpdatedFrom    string        `json:"updated_from,omitempty"`
	UpdatedTo      string        `json:"updated_to,omitempty"`
	Modality       []string      `json:"modality,omitempty"`  // see Modalities
	Timing         []string      `json:"timing,omitempty"`    // see Timings
	MinHours       *int          `json:"min_hours,omitempty"` // hours per month they can give
	MaxHours       *int          `json:"max_hours,omitempty"`
	HasEmail       *bool         `json:"has_email,omitempty"`
	HasORCID       *bool         `json:"has_orcid,omitempty"`
	ConsentContact *bool         `json:"consent_contact,omitempty"`
	ConsentBasis   []string      `json:"consent_basis,omitempty"` // see ConsentBases
	ConsentFrom    string        `json:"consent_from,omitempty"`  // consent date, YYYY-MM-DD, inclusive
	ConsentTo      string        `json:"consent_to,omitempty"`
	// CustomFields maps a custom field's name to the value it must have,
	// or to AnyValue for "has this field". Both ignore case.
	CustomFields map[string]string `json:"field,omitempty"`
	Platform     string            `json:"platform,omitempty"` // has an identity on it
	Archived     string            `json:"archived,omitempty"` // "", ArchivedOnly or ArchivedInclude
	IDs          []int64           `json:"ids,omitempty"`      // restrict to these, for bulk actions
	KeyOnly      bool              `json:"key_only,omitempty"` // only key members (relationships)
	Sort         string            `json:"sort,omitempty"`     // see Sorts; "" is "name"

	// commonSubstr names the substring-filtered columns (affiliation_key,
	// job_title_key) whose text is too common for the substring index to
	// help a page: List sets it, see markCommonSubstrings.
	commonSubstr map[string]bool
	// substrMerge, when set, reads the page as one index range per
	// distinct text a substring filter matches: List sets it, see
	// planSubstrMerge.
	substrMerge *substrMerge
	// commonSearch is set when Q matches too many members for gathering
	// them all to be the way to a page: List sets it, see fewSearchMatches.
	commonSearch bool
}

// Bounds on the lists one filter (and so one saved segment) may carry.
// They keep every filter a query the database answers in milliseconds:
// without them a filter of 932 tags overflowed SQLite's expression tree,
// 32,766 ids its parameters, and 70,000 ids PostgreSQL's. A member holds
// at most MaxTagsPerKind tags of a kind, so asking for more than
// MaxFilterTags at once could hardly match anyone; a longer id list is a
// bulk action, which goes through BulkTag in batches.
const (
	MaxFilterTags = 50   // tags, interests, expertise or languages, each
	MaxFilterIDs  = 1000 // member ids
)

// Filter.Archived values besides "" (archived members hidden).
const (
	ArchivedOnly    = "only"
	ArchivedInclude = "include"
)

// AnyValue as a Filter.CustomFields value matches every member who has the
// field, whatever its value.
const AnyValue = "*"

// Sorts lists the accepted Filter.Sort values; a leading "-" reverses one.
func Sorts() []string {
	return []string{"name", "-name", "joined", "-joined", "created", "-created", "updated", "-updated"}
}

// Normalise checks f and returns it in canonical form: trimmed, countries
// upper-cased, emails lower-cased, ORCID iDs in their dashed form, lists
// de-duplicated and sorted, empty lists and maps nil. Equal filters
// therefore have equal Values, which keeps segment queries stable. Problems
// are an Invalid error naming each by its query key ("country",
// "max_hours", "field.lab"). List, Count and CreateSegment call it; callers
// call it themselves only to check a filter before handing it on.
func (f Filter) Normalise() (Filter, error) {
	var fe apperr.FieldErrors
	f.Q = text(&fe, "q", f.Q, MaxShortText, false)
	f.Name = text(&fe, "name", f.Name, MaxName, false)
	f.Pronouns = text(&fe, "pronouns", f.Pronouns, MaxShortText, false)
	f.Affiliation = text(&fe, "affiliation", f.Affiliation, MaxAffiliation, false)
	f.JobTitle = text(&fe, "job_title", f.JobTitle, MaxShortText, false)
	f.Source = text(&fe, "source", f.Source, MaxShortText, false)
	f.Platform = strings.ToLower(strings.TrimSpace(f.Platform))
	f.Status = canonical(f.Status, func(s Status) Status { return Status(strings.TrimSpace(string(s))) })
	for _, s := range f.Status {
		if !s.Valid() {
			fe.Add("status", "%q is not a status", s)
		}
	}
	f.CareerStage = canonical(f.CareerStage, func(c CareerStage) CareerStage { return CareerStage(strings.TrimSpace(string(c))) })
	for _, c := range f.CareerStage {
		if !c.Valid() || c == StageUnknown {
			fe.Add("career_stage", "%q is not a career stage", c)
		}
	}
	f.Country = canonical(f.Country, func(c string) string { return strings.ToUpper(strings.TrimSpace(c)) })
	for _, c := range f.Country {
		if CountryName(c) == "" {
			fe.Add("country", "%q is not a country code", c)
		}
	}
	f.TimeZone = canonical(f.TimeZone, strings.TrimSpace)
	for _, z := range f.TimeZone {
		if !validTimeZone(z) {
			fe.Add("time_zone", "%q is not a time zone name such as Europe/Berlin", z)
		}
	}
	for _, l := range []struct {
		key, what string
		values    *[]string
		allowed   []string
	}{
		{"modality", "a modality", &f.Modality, modalities},
		{"timing", "a timing", &f.Timing, timings},
		{"consent_basis", "a lawful basis", &f.ConsentBasis, ConsentBases()},
	} {
		*l.values = canonical(*l.values, strings.TrimSpace)
		for _, v := range *l.values {
			if !slices.Contains(l.allowed, v) {
				fe.Add(l.key, "%q is not %s; use one of %s", v, l.what, strings.Join(l.allowed, ", "))
			}
		}
	}
	for _, l := range []struct {
		key  string
		tags *[]string
	}{{"tag", &f.Tags}, {"interest", &f.Interests}, {"expertise", &f.Expertise}, {"language", &f.Languages}} {
		*l.tags = filterTags(&fe, l.key, *l.tags)
		if n := len(*l.tags); n > MaxFilterTags {
			fe.Add(l.key, "asks for %d values; a filter can ask for at most %d at once", n, MaxFilterTags)
		}
	}
	if f.Email = strings.ToLower(strings.TrimSpace(f.Email)); f.Email != "" {
		if problem := emailProblem(f.Email); problem != "" {
			fe.Add("email", "%s", problem)
		}
	}
	if f.ORCID = strings.TrimSpace(f.ORCID); f.ORCID != "" {
		id, problem := parseORCID(f.ORCID)
		if problem != "" {
			fe.Add("orcid", "%s", problem)
		} else {
			f.ORCID = id
		}
	}
	for _, r := range []struct{ fromKey, from, toKey, to string }{
		{"joined_from", f.JoinedFrom, "joined_to", f.JoinedTo},
		{"created_from", f.CreatedFrom, "created_to", f.CreatedTo},
		{"updated_from", f.UpdatedFrom, "updated_to", f.UpdatedTo},
		{"consent_from", f.ConsentFrom, "consent_to", f.ConsentTo},
	} {
		badFrom := r.from != "" && !validDate(r.from)
		badTo := r.to != "" && !validDate(r.to)
		if badFrom {
			fe.Add(r.fromKey, "must be a date written YYYY-MM-DD")
		}
		if badTo {
			fe.Add(r.toKey, "must be a date written YYYY-MM-DD")
		}
		if !badFrom && !badTo && r.from != "" && r.to != "" && r.to < r.from {
			fe.Add(r.toKey, "is before %s", r.fromKey)
		}
	}
	// Copies, so the canonical filter never shares the caller's pointers.
	f.MinHours, f.MaxHours = clonePtr(f.MinHours), clonePtr(f.MaxHours)
	for _, h := range []struct {
		key   string
		hours *int
	}{{"min_hours", f.MinHours}, {"max_hours", f.MaxHours}} {
		if h.hours != nil && (*h.hours < 0 || *h.hours > MaxHoursMonth) {
			fe.Add(h.key, "must be between 0 and %d hours", MaxHoursMonth)
		}
	}
	if f.MinHours != nil && f.MaxHours != nil && *f.MaxHours < *f.MinHours {
		fe.Add("max_hours", "is less than min_hours")
	}
	f.CustomFields = filterFields(&fe, f.CustomFields)
	if f.Platform != "" && !validPlatform(f.Platform) {
		fe.Add("platform", "is not a platform name")
	}
	if f.Archived != "" && f.Archived != ArchivedOnly && f.Archived != ArchivedInclude {
		fe.Add("archived", "must be %q or %q", ArchivedOnly, ArchivedInclude)
	}
	f.IDs = canonical(f.IDs, func(id int64) int64 { return id })
	switch {
	case len(f.IDs) > 0 && f.IDs[0] <= 0:
		fe.Add("id", "must be positive")
	case len(f.IDs) > MaxFilterIDs:
		fe.Add("id", "names %d members; a filter can name at most %d at once", len(f.IDs), MaxFilterIDs)
	}
	if f.Sort != "" && !slices.Contains(Sorts(), f.Sort) {
		fe.Add("sort", "must be one of %s", strings.Join(Sorts(), ", "))
	}
	return f, fe.Err()
}

// canonical cleans each value, drops zero values and returns the rest
// sorted and de-duplicated, or nil.
func canonical[T interface{ ~string | ~int64 }](in []T, clean func(T) T) []T {
	var out []T
	var zero T
	for _, v := range in {
		if v = clean(v); v != zero {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// filterTags cleans tags as members' tags are cleaned and de-duplicates
// them ignoring case, as they are matched.
func filterTags(fe *apperr.FieldErrors, key string, in []string) []string {
	var out []string
	for _, t := range in {
		if t = cleanTag(fe, key, t); t != "" {
			out = append(out, t)
		}
	}
	sortTags(out)
	return slices.CompactFunc(out, func(a, b string) bool { return tagKey(a) == tagKey(b) })
}

// filterFields cleans custom field conditions as members' custom fields
// are cleaned: names and values trimmed, and a blank value (an input left
// empty) dropped. Names that differ only in case are one field, spelt as
// the first (in sorted order); a field asked for twice with different
// values is refused rather than left to match no one. Problems are named
// "field.NAME", or "field" when the name is missing.
func filterFields(fe *apperr.FieldErrors, in map[string]string) map[string]string {
	var out map[string]string
	spelling := map[string]string{} // fieldKey(name) → the name kept in out
	for _, raw := range slices.Sorted(maps.Keys(in)) {
		key := "field." + strings.TrimSpace(raw)
		name := text(fe, key, raw, MaxFieldName, false)
		value := text(fe, key, in[raw], MaxFieldValue, true)
		switch {
		case value == "":
			continue
		case name == "":
			fe.Add("field", "needs a field name, as in field.lab=value")
			continue
		}
		if kept, dup := spelling[fieldKey(name)]; dup {
			if fieldKey(out[kept]) != fieldKey(value) {
				fe.Add(key, "can only be asked for once")
			}
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		spelling[fieldKey(name)], out[name] = name, value
	}
	if len(out) > MaxCustomFields {
		fe.Add("field", "at most %d custom fields", MaxCustomFields)
	}
	return out
}

// fieldKey is how custom field names and values are matched: case does
// not matter. It is stored in member_fields.name_key and value_key.
func fieldKey(s string) string { return strings.ToLower(s) }

// pronounsKey is how pronouns are matched: exactly, but ignoring case.
// It is stored in members.pronouns_key, lower-cased here rather than in
// SQL because SQLite's lower() only knows ASCII.
func pronounsKey(p string) string { return strings.ToLower(p) }

// dayStart is the Unix time at which a valid YYYY-MM-DD date begins in
// UTC, for comparing with created_at and updated_at.
func dayStart(date string) int64 {
	sec, _ := store.DayStart(date) // checked by Normalise
	return sec
}

// boolPtr parses an optional yes/no query value; "" means no preference.
func boolPtr(fe *apperr.FieldErrors, key, s string) *bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return nil
	case "1", "t", "true", "yes", "on":
		b := true
		return &b
	case "0", "f", "false", "no", "off":
		b := false
		return &b
	}
	fe.Add(key, "must be true or false")
	return nil
}

// intPtr parses an optional whole number of hours; "" means no preference.
func intPtr(fe *apperr.FieldErrors, key, s string) *int {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		fe.Add(key, "must be a whole number of hours")
		return nil
	}
	return &n
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func formatBool(b bool) string { return strconv.FormatBool(b) }
