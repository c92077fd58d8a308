package accounts

import (
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
)

const (
	maxEmailLen       = 254 // RFC 5321's limit on a forward path
	maxNameLen        = 100 // characters
	minPasswordLen    = 10  // characters
	maxPasswordLen    = 1024
	maxTokenNameLen   = 100
	maxUserAgentBytes = 512
	maxIPBytes        = 64
)

// normalizeEmail is how every email address is compared and stored:
// trimmed and lower-cased, so Ada@Example.org and ada@example.org are one
// account. Bytes PostgreSQL would refuse in a TEXT value are replaced and
// the length is capped far beyond any valid address, so junk from a login
// form is just an unknown address, not a database error.
func normalizeEmail(s string) string {
	return strings.ToLower(clean(strings.TrimSpace(s), 4*maxEmailLen))
}

// clean makes s safe to store in a TEXT column on both engines (valid
// UTF-8, no NUL bytes) and cuts it to at most max bytes on a character
// boundary. It is for values we record but never trust, such as a browser's
// user agent.
func clean(s string, max int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\x00", "")
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

// checkEmail records a problem with an already normalized address. It asks
// for the shape of a real address (someone@domain.tld) rather than
// everything RFC 5322 allows, because a typo is far likelier than a
// colleague at a dotless domain.
func checkEmail(fe *apperr.FieldErrors, email string) {
	switch {
	case email == "":
		fe.Add("email", "is required")
		return
	case len(email) > maxEmailLen:
		fe.Add("email", "is too long")
		return
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || addr.Name != "" {
		fe.Add("email", "does not look like an email address")
		return
	}
	_, domain, _ := strings.Cut(email, "@")
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		fe.Add("email", "does not look like an email address")
	}
}

// checkLabel records a problem with an already trimmed, required one-line
// text such as a person's name: it must be printable and at most max
// characters.
func checkLabel(fe *apperr.FieldErrors, field, s string, max int) {
	switch {
	case s == "":
		fe.Add(field, "is required")
	case !utf8.ValidString(s) || strings.ContainsFunc(s, isControl):
		fe.Add(field, "contains characters that cannot be shown")
	case utf8.RuneCountInString(s) > max:
		fe.Add(field, "is too long (%d characters at most)", max)
	}
}

// checkPassword records a problem with a new password. Passwords are never
// trimmed or otherwise changed: what a person types is what they set.
func checkPassword(fe *apperr.FieldErrors, pw string) {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < minPasswordLen:
		fe.Add("password", "must be at least %d characters", minPasswordLen)
	case n > maxPasswordLen:
		fe.Add("password", "must be at most %d characters", maxPasswordLen)
	}
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }
