package members

import (
	"slices"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
)

// Filter narrows the members list. Zero fields match everything, except
// Archived, whose zero value hides archived members. List fields match when
// the member has ALL the listed tags, or ANY of the listed statuses, career
// stages and countries. The JSON names are the API's.
type Filter struct {
	Q              string        `json:"q,omitempty"` // full text, prefix match on the last word
	Status         []Status      `json:"status,omitempty"`
	CareerStage    []CareerStage `json:"career_stage,omitempty"`
	Country        []string      `json:"country,omitempty"`
	Tags           []string      `json:"tags,omitempty"`
	Interests      []string      `json:"interests,omitempty"`
	Expertise      []string      `json:"expertise,omitempty"`
	Languages      []string      `json:"languages,omitempty"`
	Affiliation    string        `json:"affiliation,omitempty"` // case-insensitive substring
	Source         string        `json:"source,omitempty"`
	JoinedFrom     string        `json:"joined_from,omitempty"` // YYYY-MM-DD, inclusive
	JoinedTo       string        `json:"joined_to,omitempty"`   // YYYY-MM-DD, inclusive
	HasEmail       *bool         `json:"has_email,omitempty"`
	HasORCID       *bool         `json:"has_orcid,omitempty"`
	ConsentContact *bool         `json:"consent_contact,omitempty"`
	Platform       string        `json:"platform,omitempty"` // has an identity on it
	Archived       string        `json:"archived,omitempty"` // "", ArchivedOnly or ArchivedInclude
	IDs            []int64       `json:"ids,omitempty"`      // restrict to these, for bulk actions
	KeyOnly        bool          `json:"key_only,omitempty"` // only key members (relationships)
	Sort           string        `json:"sort,omitempty"`     // see Sorts; "" is "name"
}

// Filter.Archived values besides "" (archived members hidden).
const (
	ArchivedOnly    = "only"
	ArchivedInclude = "include"
)

// Sorts lists the accepted Filter.Sort values; a leading "-" reverses one.
func Sorts() []string {
	return []string{"name", "-name", "joined", "-joined", "created", "-created", "updated", "-updated"}
}

// normalise checks f and returns it in canonical form: trimmed, countries
// upper-cased, lists de-duplicated and sorted, empty lists nil. Equal
// filters therefore have equal Values, which keeps segment queries stable.
// Problems are named by their query key.
func (f Filter) normalise() (Filter, error) {
	var fe apperr.FieldErrors
	f.Q = text(&fe, "q", f.Q, MaxShortText, false)
	f.Affiliation = text(&fe, "affiliation", f.Affiliation, MaxAffiliation, false)
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
	for _, l := range []struct {
		key  string
		tags *[]string
	}{{"tag", &f.Tags}, {"interest", &f.Interests}, {"expertise", &f.Expertise}, {"language", &f.Languages}} {
		*l.tags = filterTags(&fe, l.key, *l.tags)
	}
	for _, d := range []struct{ key, value string }{{"joined_from", f.JoinedFrom}, {"joined_to", f.JoinedTo}} {
		if d.value != "" && !validDate(d.value) {
			fe.Add(d.key, "must be a date written YYYY-MM-DD")
		}
	}
	if f.JoinedFrom != "" && f.JoinedTo != "" && f.JoinedTo < f.JoinedFrom {
		fe.Add("joined_to", "is before joined_from")
	}
	if f.Platform != "" && !validPlatform(f.Platform) {
		fe.Add("platform", "is not a platform name")
	}
	if f.Archived != "" && f.Archived != ArchivedOnly && f.Archived != ArchivedInclude {
		fe.Add("archived", "must be %q or %q", ArchivedOnly, ArchivedInclude)
	}
	f.IDs = canonical(f.IDs, func(id int64) int64 { return id })
	if len(f.IDs) > 0 && f.IDs[0] <= 0 {
		fe.Add("id", "must be positive")
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

func formatBool(b bool) string { return strconv.FormatBool(b) }
