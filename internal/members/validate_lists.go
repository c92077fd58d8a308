package members

import (
	"cmp"
	"fmt"
	"maps"
	"net/mail"
	"slices"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
)

// normaliseEmails lower-cases and checks each address, drops blank rows (an
// empty form line), rejects repeats and makes sure exactly one address is
// primary: the first one when none is marked. Order is kept.
func normaliseEmails(fe *apperr.FieldErrors, in []Email) []Email {
	out := make([]Email, 0, len(in))
	primaries := 0
	for i, e := range in {
		field := fmt.Sprintf("emails[%d].address", i)
		addr := strings.ToLower(strings.TrimSpace(e.Address))
		if addr == "" {
			continue
		}
		if problem := emailProblem(addr); problem != "" {
			fe.Add(field, "%s", problem)
		}
		if slices.ContainsFunc(out, func(o Email) bool { return o.Address == addr }) {
			fe.Add(field, "is listed twice")
		}
		if e.Primary {
			primaries++
			if primaries > 1 {
				fe.Add(fmt.Sprintf("emails[%d].primary", i), "only one address can be primary")
			}
		}
		out = append(out, Email{Address: addr, Primary: e.Primary})
	}
	if len(out) > MaxEmails {
		fe.Add("emails", "at most %d addresses", MaxEmails)
	}
	if len(out) > 0 && primaries == 0 {
		out[0].Primary = true
	}
	return out
}

// emailProblem says what is wrong with a trimmed, lower-cased address, or
// returns "" when it can be stored (and so matched by a filter).
func emailProblem(addr string) string {
	if len(addr) > MaxEmailLength {
		return fmt.Sprintf("must be at most %d characters", MaxEmailLength)
	}
	if a, err := mail.ParseAddress(addr); err != nil || a.Address != addr {
		// Only a bare address: a display name here would be lost.
		return "must be an email address like ada@example.org"
	}
	return ""
}

// normaliseTags trims each tag and collapses inner spaces, drops blanks and
// repeats that differ only in case (the first spelling wins), and sorts the
// rest ignoring case.
func normaliseTags(fe *apperr.FieldErrors, field string, in []string) []string {
	out := make([]string, 0, len(in))
	for i, t := range in {
		t = cleanTag(fe, fmt.Sprintf("%s[%d]", field, i), t)
		if t == "" || slices.ContainsFunc(out, func(o string) bool { return tagKey(o) == tagKey(t) }) {
			continue
		}
		out = append(out, t)
	}
	if len(out) > MaxTagsPerKind {
		fe.Add(field, "at most %d", MaxTagsPerKind)
	}
	sortTags(out)
	return out
}

// cleanTag tidies one tag. Commas are refused because filters and imports
// write tag lists as comma-separated text.
func cleanTag(fe *apperr.FieldErrors, field, t string) string {
	t = text(fe, field, strings.Join(strings.Fields(t), " "), MaxTag, false)
	if strings.Contains(t, ",") {
		fe.Add(field, "cannot contain a comma")
	}
	return t
}

// tagKey is how tags are matched: case does not matter.
func tagKey(t string) string { return strings.ToLower(t) }

func sortTags(ts []string) {
	slices.SortFunc(ts, func(a, b string) int {
		return cmp.Or(strings.Compare(tagKey(a), tagKey(b)), strings.Compare(a, b))
	})
}

// normaliseIdentities lower-cases platforms, checks their shape, drops
// blank rows, rejects repeats and sorts by platform then handle.
func normaliseIdentities(fe *apperr.FieldErrors, in []Identity) []Identity {
	out := make([]Identity, 0, len(in))
	for i, id := range in {
		pf := fmt.Sprintf("identities[%d].platform", i)
		hf := fmt.Sprintf("identities[%d].handle", i)
		id.Platform = strings.ToLower(strings.TrimSpace(id.Platform))
		id.Handle = text(fe, hf, id.Handle, MaxHandle, false)
		switch {
		case id.Platform == "" && id.Handle == "":
			continue
		case !validPlatform(id.Platform):
			fe.Add(pf, "must be 1 to 32 letters, digits, - or _, such as github or mastodon")
		case id.Handle == "":
			fe.Add(hf, "is required")
		case slices.ContainsFunc(out, func(o Identity) bool { return sameIdentity(o, id) }):
			fe.Add(hf, "is listed twice")
		}
		out = append(out, id)
	}
	if len(out) > MaxIdentities {
		fe.Add("identities", "at most %d", MaxIdentities)
	}
	slices.SortFunc(out, compareIdentities)
	return out
}

// compareIdentities orders identities by platform, then handle ignoring
// case, so a record always reads back in the order it was validated in.
func compareIdentities(a, b Identity) int {
	return cmp.Or(strings.Compare(a.Platform, b.Platform), strings.Compare(handleKey(a.Handle), handleKey(b.Handle)),
		strings.Compare(a.Handle, b.Handle))
}

func validPlatform(p string) bool {
	if len(p) < 1 || len(p) > 32 {
		return false
	}
	for _, c := range []byte(p) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// handleKey is how handles are matched: case and a leading @ do not matter,
// so "@Ada" on one record finds "ada" on another.
func handleKey(h string) string { return strings.ToLower(strings.TrimPrefix(h, "@")) }

func sameIdentity(a, b Identity) bool {
	return a.Platform == b.Platform && handleKey(a.Handle) == handleKey(b.Handle)
}

// normaliseFields trims custom field names and values and drops fields left
// empty, which is how a form clears one. It always returns a non-nil map.
func normaliseFields(fe *apperr.FieldErrors, in map[string]string) map[string]string {
	out := make(map[string]string, len(in))
	for _, name := range slices.Sorted(maps.Keys(in)) {
		clean := text(fe, "custom_fields", name, MaxFieldName, false)
		if clean == "" {
			fe.Add("custom_fields", "field names cannot be blank")
			continue
		}
		value := text(fe, "custom_fields."+clean, in[name], MaxFieldValue, true)
		if value == "" {
			continue
		}
		if _, dup := out[clean]; dup {
			fe.Add("custom_fields."+clean, "is listed twice")
		}
		out[clean] = value
	}
	if len(out) > MaxCustomFields {
		fe.Add("custom_fields", "at most %d fields", MaxCustomFields)
	}
	return out
}
