package accounts

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"unchanged", "Mozilla/5.0", 512, "Mozilla/5.0"},
		{"invalid UTF-8", "a\xffb", 512, "a\uFFFDb"},
		{"NUL", "a\x00b", 512, "ab"},
		{"cut", "abcdef", 3, "abc"},
		{"cut before a split character", "ab\u00e9", 3, "ab"},
		{"empty", "", 3, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := clean(tt.in, tt.max)
			if got != tt.want {
				t.Fatalf("clean(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
			if !utf8.ValidString(got) || strings.ContainsRune(got, 0) {
				t.Fatalf("clean(%q) = %q is not storable", tt.in, got)
			}
		})
	}
}

func TestNormalizeEmail(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"ada@example.org", "ada@example.org"},
		{"  Ada@Example.ORG\t", "ada@example.org"},
		{"ada\x00@example.org", "ada@example.org"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := normalizeEmail(tt.in); got != tt.want {
			t.Errorf("normalizeEmail(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
