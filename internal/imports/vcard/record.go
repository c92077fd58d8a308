package vcard

import (
	"io"
	"mime/quotedprintable"
	"net/url"
	"slices"
	"strings"

	govcard "github.com/emersion/go-vcard"
	"golang.org/x/text/encoding/htmlindex"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/imports/csvmembers"
	"github.com/trellis-community/trellis/internal/members"
)

// record turns one card into a member record. A card names a person by
// FN (or N) and reaches them by EMAIL; one with neither is refused.
func record(card govcard.Card, line int) imports.Record {
	rec := imports.Record{Line: line}
	m := &rec.Member
	fields := map[string]bool{}
	problem := func(field, msg string) {
		if rec.Problems == nil {
			rec.Problems = map[string]string{}
		}
		rec.Problems[field] = msg
	}
	decodeValues(card, problem)

	switch k := card.Kind(); k {
	case govcard.KindIndividual, "":
	default:
		problem("card", "is of kind "+string(k)+", not a person")
	}

	m.Name = text(card.PreferredValue(govcard.FieldFormattedName))
	if m.Name == "" {
		if n := card.Name(); n != nil {
			m.Name = strings.Join(strings.Fields(unescape(n.GivenName)+" "+unescape(n.AdditionalName)+" "+unescape(n.FamilyName)), " ")
		}
	}
	for _, e := range emails(card) {
		if !slices.ContainsFunc(m.Emails, func(x members.Email) bool { return x.Address == e }) {
			m.Emails = append(m.Emails, members.Email{Address: e, Primary: len(m.Emails) == 0})
			fields["emails"] = true
		}
	}
	switch {
	case m.Name != "":
		fields["name"] = true
	case len(m.Emails) > 0:
		// As a mailing list does: the part before the @ stands in.
		m.Name, _, _ = strings.Cut(m.Emails[0].Address, "@")
	default:
		problem("card", "has no name (FN or N) and no email")
	}

	if org := card.PreferredValue(govcard.FieldOrganization); org != "" {
		m.Affiliation = unescape(components(org)[0])
	}
	m.JobTitle = text(card.PreferredValue(govcard.FieldTitle))
	m.Pronouns = text(card.PreferredValue("PRONOUNS"))
	m.TimeZone = timeZone(card.Get(govcard.FieldTimezone))
	m.Country = country(card)
	var notes []string
	for _, n := range card.Values(govcard.FieldNote) {
		if n = text(n); n != "" {
			notes = append(notes, n)
		}
	}
	m.Notes = strings.Join(notes, "\n\n")
	for _, c := range card.Values(govcard.FieldCategories) {
		for _, t := range strings.Split(c, ",") {
			if t = strings.TrimSpace(unescape(t)); t != "" {
				m.Tags = append(m.Tags, t)
			}
		}
	}
	for _, l := range card.Values(govcard.FieldLanguage) {
		if l = text(l); l != "" {
			m.Languages = append(m.Languages, l)
		}
	}
	identities(card, m)

	for f, set := range map[string]bool{
		"affiliation": m.Affiliation != "", "job_title": m.JobTitle != "", "pronouns": m.Pronouns != "",
		"time_zone": m.TimeZone != "", "country": m.Country != "", "notes": m.Notes != "", "tags": len(m.Tags) > 0,
		"languages": len(m.Languages) > 0, "orcid": m.ORCID != "", "identities": len(m.Identities) > 0,
	} {
		if set {
			fields[f] = true
		}
	}
	for _, f := range fieldOrder {
		if fields[f] {
			rec.Fields = append(rec.Fields, f)
		}
	}
	return rec
}

var fieldOrder = []string{"name", "pronouns", "emails", "affiliation", "job_title", "orcid", "country",
	"time_zone", "languages", "tags", "identities", "notes"}

// decodeValues decodes the values written in quoted-printable (vCard 2.1
// and 3.0 from older phones and Outlook), in the charset the property
// names, and drops binary ones (ENCODING=b), which Trellis does not keep.
func decodeValues(card govcard.Card, problem func(field, msg string)) {
	for k, fs := range card {
		kept := fs[:0]
		for _, f := range fs {
			switch strings.ToUpper(f.Params.Get("ENCODING")) {
			case "B", "BASE64":
				continue
			case "QUOTED-PRINTABLE", "QP":
				b, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(f.Value)))
				if err != nil {
					problem(fieldOf(k), k+" is not valid quoted-printable: "+err.Error())
					continue
				}
				f.Value = string(b)
				if cs := f.Params.Get("CHARSET"); cs != "" && !strings.EqualFold(cs, "utf-8") {
					if enc, err := htmlindex.Get(cs); err == nil {
						if s, err := enc.NewDecoder().String(f.Value); err == nil {
							f.Value = s
						}
					}
				}
			}
			kept = append(kept, f)
		}
		card[k] = kept
	}
}

// fieldOf is the member field a property fills, to name it in a problem.
func fieldOf(prop string) string {
	switch prop {
	case govcard.FieldFormattedName, govcard.FieldName:
		return "name"
	case govcard.FieldEmail:
		return "emails"
	case govcard.FieldOrganization:
		return "affiliation"
	case govcard.FieldTitle:
		return "job_title"
	case govcard.FieldNote:
		return "notes"
	}
	return strings.ToLower(prop)
}

// emails are the card's addresses, the preferred one (PREF=1 in 4.0,
// TYPE=pref in 3.0) first.
func emails(card govcard.Card) []string {
	var out []string
	add := func(f *govcard.Field) {
		e := strings.ToLower(strings.TrimSpace(f.Value))
		e = strings.TrimPrefix(e, "mailto:")
		if e != "" && !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	if p := card.Preferred(govcard.FieldEmail); p != nil {
		add(p)
	}
	for _, f := range card[govcard.FieldEmail] {
		add(f)
	}
	return out
}

// timeZone reads TZ when it names a zone ("Europe/Berlin", or a city);
// a bare UTC offset ("-05:00", 3.0's usual form) names no zone and is
// left out.
func timeZone(f *govcard.Field) string {
	if f == nil {
		return ""
	}
	v := text(f.Value)
	if v == "" || strings.EqualFold(f.Params.Get(govcard.ParamValue), "utc-offset") || strings.ContainsAny(v[:1], "+-0123456789") {
		return ""
	}
	tz, err := members.ResolveTimeZone(v)
	if err != nil {
		return ""
	}
	return tz
}

// country is the country of the card's preferred address, or of the first
// that names one by code or name.
func country(card govcard.Card) string {
	var adrs []*govcard.Field
	if p := card.Preferred(govcard.FieldAddress); p != nil {
		adrs = append(adrs, p)
	}
	adrs = append(adrs, card[govcard.FieldAddress]...)
	for _, a := range adrs {
		parts := components(a.Value)
		if len(parts) < 7 {
			continue
		}
		if code := csvmembers.Country(unescape(parts[6])); code != "" {
			return code
		}
	}
	return ""
}

// identities reads URL, SOCIALPROFILE (RFC 9554), X-SOCIALPROFILE (Apple)
// and IMPP where they plainly name an account: an ORCID iD, a GitHub or
// GitLab user, a Bluesky or Mastodon handle, a LinkedIn profile. Any
// other URL is the person's website; other instant messaging is left out.
func identities(card govcard.Card, m *members.Member) {
	add := func(platform, handle string) {
		handle = strings.TrimSpace(handle)
		if handle == "" {
			return
		}
		if platform == "orcid" {
			if m.ORCID == "" {
				m.ORCID = handle
			}
			return
		}
		if !slices.ContainsFunc(m.Identities, func(x members.Identity) bool {
			return x.Platform == platform && strings.EqualFold(x.Handle, handle)
		}) {
			m.Identities = append(m.Identities, members.Identity{Platform: platform, Handle: handle})
		}
	}
	for _, f := range card[govcard.FieldURL] {
		v := text(f.Value)
		if p, h := account(v); p != "" {
			add(p, h)
		} else if v != "" {
			add("website", v)
		}
	}
	for _, prop := range []string{"SOCIALPROFILE", "X-SOCIALPROFILE"} {
		for _, f := range card[prop] {
			v := text(f.Value)
			if p, h := account(v); p != "" {
				add(p, h)
				continue
			}
			// A handle with its platform as TYPE, as Trellis writes it,
			// or Apple's x-user parameter.
			platform := strings.ToLower(f.Params.Get(govcard.ParamType))
			if user := f.Params.Get("X-USER"); user != "" {
				v = user
			}
			if validPlatform(platform) && platform != "pref" && platform != "website" {
				add(platform, v)
			}
		}
	}
	for _, f := range card[govcard.FieldIMPP] {
		if p, h := account(text(f.Value)); p != "" {
			add(p, h)
		}
	}
}

// account reads a profile URL: the platform and handle it names, or ""
// when it is not one Trellis knows.
func account(v string) (platform, handle string) {
	if !strings.Contains(v, "://") {
		return "", ""
	}
	u, err := url.Parse(v)
	if err != nil || u.Host == "" {
		return "", ""
	}
	host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	segs := strings.FieldsFunc(u.Path, func(r rune) bool { return r == '/' })
	switch {
	case host == "orcid.org" && len(segs) == 1:
		return "orcid", segs[0]
	case host == "github.com" && len(segs) == 1 && !slices.Contains([]string{"orgs", "sponsors", "settings", "about"}, segs[0]):
		return "github", segs[0]
	case host == "gitlab.com" && len(segs) == 1:
		return "gitlab", segs[0]
	case host == "bsky.app" && len(segs) == 2 && segs[0] == "profile":
		return "bluesky", segs[1]
	case (host == "linkedin.com" || strings.HasSuffix(host, ".linkedin.com")) && len(segs) == 2 && segs[0] == "in":
		return "linkedin", v
	case len(segs) == 1 && strings.HasPrefix(segs[0], "@") && len(segs[0]) > 1:
		// https://mastodon.social/@ada: the Fediverse's own form.
		return "mastodon", segs[0] + "@" + host
	}
	return "", ""
}

func validPlatform(p string) bool {
	if p == "" || len(p) > 32 {
		return false
	}
	return strings.Trim(p, "abcdefghijklmnopqrstuvwxyz0123456789-_") == ""
}

// components splits a structured value (N, ADR, ORG) at its semicolons,
// leaving escaped ones ("\;") in place.
func components(v string) []string {
	var out []string
	start := 0
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '\\':
			i++
		case ';':
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	return append(out, v[start:])
}

// unescaper undoes what the decoder leaves escaped: "\;", "\N", "\:".
var unescaper = strings.NewReplacer(`\;`, ";", `\N`, "\n", `\:`, ":")

func unescape(v string) string { return strings.TrimSpace(unescaper.Replace(v)) }

// text is a single value, unescaped and trimmed.
func text(v string) string { return unescape(v) }

func joinTags(tags []string) string { return strings.Join(tags, ", ") }
