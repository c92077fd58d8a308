package members

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
)

// fieldPrefix starts the query keys of custom field conditions:
// field.lab=A is Filter.CustomFields["lab"] = "A".
const fieldPrefix = "field."

// ParseFilter reads a Filter from a members-list URL query. Keys: q,
// status, career_stage, country, tag, interest, expertise, language, name,
// pronouns, affiliation, job_title, time_zone, source, email, orcid,
// joined_from, joined_to, created_from, created_to, updated_from,
// updated_to, modality, timing, min_hours, max_hours, has_email,
// has_orcid, consent, consent_basis, consent_from, consent_to,
// field.NAME, platform, archived, key, id, sort. List keys may repeat or
// hold comma-separated values; empty values are ignored (an unset select
// box); unknown keys (cursor, limit ...) are ignored. Bad values are an
// Invalid error naming the key.
func ParseFilter(v url.Values) (Filter, error) {
	var fe apperr.FieldErrors
	f := Filter{
		Q:            v.Get("q"),
		Country:      list(v, "country"),
		Tags:         list(v, "tag"),
		Interests:    list(v, "interest"),
		Expertise:    list(v, "expertise"),
		Languages:    list(v, "language"),
		Name:         v.Get("name"),
		Pronouns:     v.Get("pronouns"),
		Affiliation:  v.Get("affiliation"),
		JobTitle:     v.Get("job_title"),
		TimeZone:     list(v, "time_zone"),
		Source:       v.Get("source"),
		Email:        v.Get("email"),
		ORCID:        v.Get("orcid"),
		JoinedFrom:   strings.TrimSpace(v.Get("joined_from")),
		JoinedTo:     strings.TrimSpace(v.Get("joined_to")),
		CreatedFrom:  strings.TrimSpace(v.Get("created_from")),
		CreatedTo:    strings.TrimSpace(v.Get("created_to")),
		UpdatedFrom:  strings.TrimSpace(v.Get("updated_from")),
		UpdatedTo:    strings.TrimSpace(v.Get("updated_to")),
		Modality:     list(v, "modality"),
		Timing:       list(v, "timing"),
		ConsentBasis: list(v, "consent_basis"),
		ConsentFrom:  strings.TrimSpace(v.Get("consent_from")),
		ConsentTo:    strings.TrimSpace(v.Get("consent_to")),
		Platform:     v.Get("platform"),
		Archived:     strings.TrimSpace(v.Get("archived")),
		Sort:         strings.TrimSpace(v.Get("sort")),
	}
	for _, s := range list(v, "status") {
		f.Status = append(f.Status, Status(s))
	}
	for _, s := range list(v, "career_stage") {
		f.CareerStage = append(f.CareerStage, CareerStage(s))
	}
	f.MinHours = intPtr(&fe, "min_hours", v.Get("min_hours"))
	f.MaxHours = intPtr(&fe, "max_hours", v.Get("max_hours"))
	f.HasEmail = boolPtr(&fe, "has_email", v.Get("has_email"))
	f.HasORCID = boolPtr(&fe, "has_orcid", v.Get("has_orcid"))
	f.ConsentContact = boolPtr(&fe, "consent", v.Get("consent"))
	if k := boolPtr(&fe, "key", v.Get("key")); k != nil {
		f.KeyOnly = *k
	}
	f.CustomFields = queryFields(&fe, v)
	for _, s := range list(v, "id") {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			fe.Add("id", "must be a member id")
			continue
		}
		f.IDs = append(f.IDs, id)
	}
	if err := fe.Err(); err != nil {
		return Filter{}, err
	}
	return f.Normalise()
}

// list gathers a key's values, splitting comma lists and dropping blanks.
func list(v url.Values, key string) []string {
	var out []string
	for _, raw := range v[key] {
		for _, s := range strings.Split(raw, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// queryFields gathers the field.NAME keys. Values are never split on
// commas: a custom field's value is free text. Repeating a key with a
// different value is refused, since no member could match both.
func queryFields(fe *apperr.FieldErrors, v url.Values) map[string]string {
	var out map[string]string
	for key, values := range v {
		name, ok := strings.CutPrefix(key, fieldPrefix)
		if !ok {
			continue
		}
		var value string
		for _, s := range values {
			switch s = strings.TrimSpace(s); {
			case s == "":
			case value == "":
				value = s
			case fieldKey(s) != fieldKey(value):
				fe.Add(key, "can only be asked for once")
			}
		}
		if value == "" {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[name] = value
	}
	return out
}

// Values is the inverse of ParseFilter: ParseFilter(f.Values()) returns f
// for any filter ParseFilter returned. Lists are written as repeated keys.
// Segments store it, encoded, and pagination links carry it.
func (f Filter) Values() url.Values {
	v := url.Values{}
	set := func(key, value string) {
		if value != "" {
			v.Set(key, value)
		}
	}
	add := func(key string, values []string) {
		for _, s := range values {
			v.Add(key, s)
		}
	}
	setBool := func(key string, b *bool) {
		if b != nil {
			v.Set(key, formatBool(*b))
		}
	}
	setInt := func(key string, n *int) {
		if n != nil {
			v.Set(key, strconv.Itoa(*n))
		}
	}
	set("q", f.Q)
	for _, s := range f.Status {
		v.Add("status", string(s))
	}
	for _, c := range f.CareerStage {
		v.Add("career_stage", string(c))
	}
	add("country", f.Country)
	add("tag", f.Tags)
	add("interest", f.Interests)
	add("expertise", f.Expertise)
	add("language", f.Languages)
	set("name", f.Name)
	set("pronouns", f.Pronouns)
	set("affiliation", f.Affiliation)
	set("job_title", f.JobTitle)
	add("time_zone", f.TimeZone)
	set("source", f.Source)
	set("email", f.Email)
	set("orcid", f.ORCID)
	set("joined_from", f.JoinedFrom)
	set("joined_to", f.JoinedTo)
	set("created_from", f.CreatedFrom)
	set("created_to", f.CreatedTo)
	set("updated_from", f.UpdatedFrom)
	set("updated_to", f.UpdatedTo)
	add("modality", f.Modality)
	add("timing", f.Timing)
	setInt("min_hours", f.MinHours)
	setInt("max_hours", f.MaxHours)
	setBool("has_email", f.HasEmail)
	setBool("has_orcid", f.HasORCID)
	setBool("consent", f.ConsentContact)
	add("consent_basis", f.ConsentBasis)
	set("consent_from", f.ConsentFrom)
	set("consent_to", f.ConsentTo)
	for name, value := range f.CustomFields {
		set(fieldPrefix+name, value)
	}
	set("platform", f.Platform)
	set("archived", f.Archived)
	if f.KeyOnly {
		v.Set("key", "true")
	}
	for _, id := range f.IDs {
		v.Add("id", strconv.FormatInt(id, 10))
	}
	set("sort", f.Sort)
	return v
}
