package text_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/text"
)

func TestProblem(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want string // "" for acceptable text, else a part of the problem
	}{
		{"empty", "", ""},
		{"plain", "Ada Lovelace", ""},
		{"accents and emoji", "Zoë Ünal 🌱 数学", ""},
		{"tab", "a\tb", ""},
		{"line feed", "a\nb", ""},
		{"CRLF", "a\r\nb\r\n", ""},
		{"written replacement character", "a\uFFFDb", ""},
		{"NUL", "a\x00b", "U+0000"},
		{"only NUL", "\x00", "U+0000"},
		{"bell", "\a", "U+0007"},
		{"vertical tab", "a\vb", "U+000B"},
		{"form feed", "a\fb", "U+000C"},
		{"escape", "\x1b[31m", "U+001B"},
		{"DEL", "a\x7f", "U+007F"},
		{"C1 control", "a\u0085b", "U+0085"},
		{"lone CR", "a\rb", "U+000D"},
		{"CR at the end", "a\r", "U+000D"},
		{"CR before CRLF", "a\r\r\n", "U+000D"},
		{"0xFF", "a\xffb", "not valid UTF-8"},
		{"overlong slash", "\xc0\xaf", "not valid UTF-8"},
		{"truncated", "\xe2\x82", "not valid UTF-8"},
		{"UTF-16 surrogate", "\xed\xa0\x80", "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := text.Problem(tt.in)
			if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
				t.Errorf("Problem(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if text.Valid(tt.in) != (got == "") {
				t.Errorf("Valid(%q) disagrees with Problem", tt.in)
			}
		})
	}
}

func TestClean(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Zoë\tÜnal\r\nline", "Zoë\tÜnal\r\nline"},
		{"a\x00b\vc", "abc"},
		{"a\xffb", "a\uFFFDb"},
		{"a\xc0\xafb", "a\uFFFDb"},
		{"a\rb\r", "ab"},
		{"a\r\r\n", "a\r\n"},
	}
	for _, tt := range tests {
		if got := text.Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCheckNamesTheField(t *testing.T) {
	t.Parallel()
	var fe apperr.FieldErrors
	text.Check(&fe, "summary", "fine")
	text.Check(&fe, "notes", "a\x00")
	if _, ok := fe["summary"]; ok || len(fe) != 1 || fe["notes"] == "" {
		t.Fatalf("field errors %v, want only notes", fe)
	}
	if !apperr.Is(fe.Err(), apperr.Invalid) {
		t.Fatalf("error %v is not Invalid", fe.Err())
	}
}

// FuzzProblem holds Problem to the rule written out the slow way: valid
// UTF-8, and every control character a tab, a line feed or a carriage
// return followed by a line feed. Whatever it accepts is what both
// engines store, so nothing accepted may hold a NUL.
func FuzzProblem(f *testing.F) {
	for _, s := range []string{"", "plain", "a\r\nb", "a\rb", "\x00", "\xff", "\xc0\xaf", "\u0085", "\uFFFD", "\t\n", "\xed\xa0\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := utf8.ValidString(s)
		rs := []rune(s)
		for i, r := range rs {
			if unicode.IsControl(r) && r != '\t' && r != '\n' && !(r == '\r' && i+1 < len(rs) && rs[i+1] == '\n') {
				want = false
			}
		}
		got := text.Problem(s)
		if (got == "") != want {
			t.Fatalf("Problem(%q) = %q, want acceptable %v", s, got, want)
		}
		if got == "" && strings.ContainsRune(s, 0) {
			t.Fatalf("Problem(%q) accepts a NUL", s)
		}
		if !utf8.ValidString(got) || strings.ContainsFunc(got, unicode.IsControl) {
			t.Fatalf("Problem(%q) = %q is not safe to show", s, got)
		}
		c := text.Clean(s)
		if !text.Valid(c) {
			t.Fatalf("Clean(%q) = %q is not text: %s", s, c, text.Problem(c))
		}
		if got == "" && c != s {
			t.Fatalf("Clean(%q) = %q changed text", s, c)
		}
	})
}
