// Package text holds the one rule for what counts as text in Trellis, so a
// note typed in a form, a value sent to the API and a record written by the
// command line are judged alike, and a community moved from SQLite to
// PostgreSQL never meets a value PostgreSQL refuses.
//
// Text is valid UTF-8 with no control characters except tab, line feed and
// a carriage return directly before a line feed (CRLF, the line break
// browsers send and Windows files hold). A NUL cannot be stored by
// PostgreSQL at all, and bytes that are not UTF-8 fail there with
// "invalid byte sequence"; the other controls (escape, bell, vertical tab,
// a lone carriage return, C1 controls ...) only ever arrive by accident and
// break the pages, exports and terminals that show them later.
package text

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
)

// Problem returns "" when s is acceptable text, and otherwise what is
// wrong with it, worded to follow a field name ("summary contains ...").
// It never repeats the offending bytes, so the message is safe to show.
func Problem(s string) string {
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !validAt(s, i):
			return "is not valid UTF-8 text"
		case r == '\t' || r == '\n':
		case r == '\r' && i+1 < len(s) && s[i+1] == '\n':
		case unicode.IsControl(r):
			return fmt.Sprintf("contains a control character (U+%04X); only tabs and line breaks are allowed", r)
		}
	}
	return ""
}

// validAt reports whether the U+FFFD that ranging over s found at i is
// really written there, rather than standing for a byte that is not UTF-8.
func validAt(s string, i int) bool {
	_, size := utf8.DecodeRuneInString(s[i:])
	return size == 3
}

// Valid reports whether s is acceptable text.
func Valid(s string) bool { return Problem(s) == "" }

// Check records on fe, under field, what is wrong with s, if anything.
func Check(fe *apperr.FieldErrors, field, s string) {
	if p := Problem(s); p != "" {
		fe.Add(field, "%s", p)
	}
}

// Clean returns s made into text, for showing back what someone sent:
// bytes that are not UTF-8 become U+FFFD, which marks where they were, and
// the control characters the rule refuses are taken out (they cannot be
// seen anyway). Text comes back unchanged.
func Clean(s string) string {
	if Valid(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		if unicode.IsControl(r) && r != '\t' && r != '\n' && !(r == '\r' && i+1 < len(s) && s[i+1] == '\n') {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
