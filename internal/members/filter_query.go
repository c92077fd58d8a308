package members

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
)

// ParseFilter reads a Filter from a members-list URL query. Keys: q,
// status, career_stage, country, tag, interest, expertise, language,
// affiliation, source, joined_from, joined_to, has_email, has_orcid,
// consent, platform, archived, key, id, sort. List keys may repeat or hold
// comma-separated values; empty values are ignored (an unset select box);
// unknown keys (cursor, limit ...) are ignored. Bad values are an Invalid
// error naming the key.
func ParseFilter(v url.Values) (Filter, error) {
	var fe apperr.FieldErrors
	f := Filter{
		Q:           v.Get("q"),
		Country:     list(v, "country"),
		Tags:        list(v, "tag"),
		Interests:   list(v, "interest"),
		Expertise:   list(v, "expertise"),
		Languages:   list(v, "language"),
		Affiliation: v.Get("affiliation"),
		Source:      v.Get("source"),
		JoinedFrom:  strings.TrimSpace(v.Get("joined_from")),
		JoinedTo:    strings.TrimSpace(v.Get("joined_to")),
		Platform:    v.Get("platform"),
		Archived:    strings.TrimSpace(v.Get("archived")),
		Sort:        strings.TrimSpace(v.Get("sort")),
	}
	for _, s := range list(v, "status") {
		f.Status = append(f.Status, Status(s))
	}
	for _, s := range list(v, "career_stage") {
		f.CareerStage = append(f.CareerStage, CareerStage(s))
	}
	f.HasEmail = boolPtr(&fe, "has_email", v.Get("has_email"))
	f.HasORCID = boolPtr(&fe, "has_orcid", v.Get("has_orcid"))
	f.ConsentContact = boolPtr(&fe, "consent", v.Get("consent"))
	if k := boolPtr(&fe, "key", v.Get("key")); k != nil {
		f.KeyOnly = *k
	}
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
	return f.normalise()
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
	set("affiliation", f.Affiliation)
	set("source", f.Source)
	set("joined_from", f.JoinedFrom)
	set("joined_to", f.JoinedTo)
	setBool("has_email", f.HasEmail)
	setBool("has_orcid", f.HasORCID)
	setBool("consent", f.ConsentContact)
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
