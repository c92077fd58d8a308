package members_test

import (
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/members"
)

func TestParseORCID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string // "" means an error naming "orcid"
	}{
		{"0000-0002-1825-0097", "0000-0002-1825-0097"},
		{"0000-0001-5109-3700", "0000-0001-5109-3700"},
		{"0000-0002-1694-233X", "0000-0002-1694-233X"},
		{"0000-0002-1694-233x", "0000-0002-1694-233X"},
		{"0000000218250097", "0000-0002-1825-0097"},
		{"  0000-0002-1825-0097 ", "0000-0002-1825-0097"},
		{"https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097"},
		{"http://orcid.org/0000-0001-5109-3700/", "0000-0001-5109-3700"},
		{"HTTPS://ORCID.ORG/0000-0002-1694-233X", "0000-0002-1694-233X"},
		{"orcid.org/0000000151093700", "0000-0001-5109-3700"},
		{"0000-0002-1825-0098", ""},  // wrong check digit
		{"0000-0002-1825-009X", ""},  // wrong check digit, X form
		{"0000-0002-1694-2330", ""},  // X expected
		{"0000-0002-1825-009", ""},   // too short
		{"0000-0002-1825", ""},       // too short
		{"0000-0002-1825-00970", ""}, // too long
		{"0000_0002_1825_0097", ""},  // wrong separators
		{"000-00002-1825-0097", ""},  // dashes misplaced
		{"X000-0002-1825-0097", ""},  // X only last
		{"https://example.org/0000-0002-1825-0097", ""},
		{"ada", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := members.ParseORCID(tt.in)
			if tt.want == "" {
				if fields := fieldsOf(t, err); fields["orcid"] == "" {
					t.Fatalf("error %v does not name orcid", err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseORCID(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func FuzzParseORCID(f *testing.F) {
	for _, s := range []string{"0000-0002-1825-0097", "https://orcid.org/0000-0002-1694-233X",
		"000000021825009x", "", "orcid.org/", "https://orcid.org/\xff\xfe", strings.Repeat("-", 19)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := members.ParseORCID(s)
		if err != nil {
			return
		}
		// Whatever was accepted comes out canonical and parses to itself.
		if len(got) != 19 || got[4] != '-' || got[9] != '-' || got[14] != '-' {
			t.Fatalf("ParseORCID(%q) = %q, not in 0000-0000-0000-0000 form", s, got)
		}
		if again, err := members.ParseORCID(got); err != nil || again != got {
			t.Fatalf("ParseORCID(%q) = %q, %v; want it unchanged", got, again, err)
		}
	})
}
