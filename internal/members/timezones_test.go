package members_test

import (
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/members"
)

func TestResolveTimeZone(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		problem  string // a part of the error, when it must fail
	}{
		{"", "", ""},
		{"Europe/Stockholm", "Europe/Stockholm", ""},
		{"europe/stockholm", "Europe/Stockholm", ""},
		{"Stockholm", "Europe/Stockholm", ""},
		{"  stockholm ", "Europe/Stockholm", ""},
		{"New York", "America/New_York", ""},
		{"new_york", "America/New_York", ""},
		{"Sao Paulo", "America/Sao_Paulo", ""},
		{"São Paulo", "America/Sao_Paulo", ""},
		{"Sweden", "Europe/Stockholm", ""},     // a country with one zone
		{"Asia/Calcutta", "Asia/Calcutta", ""}, // an old name the database still knows
		{"UTC", "UTC", ""},
		{"Indiana", "", "fits several time zones: America/Indiana/"},
		{"Australia", "", "and "}, // more than eight: the rest are counted
		{"Springfield", "", `"Springfield" is not a time zone we know; type a city such as Stockholm`},
		{"Mars/Base", "", "is not a time zone we know"},
		{"Local", "", "is not a time zone we know"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := members.ResolveTimeZone(tt.in)
			if tt.problem != "" {
				if err == nil || !strings.Contains(err.Error(), tt.problem) {
					t.Fatalf("ResolveTimeZone(%q) = %q, %v; want an error with %q", tt.in, got, err, tt.problem)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ResolveTimeZone(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

// TestTimeZonesLoad: every zone offered is one Go's embedded database
// loads, so a choice from the list always saves, on any host.
func TestTimeZonesLoad(t *testing.T) {
	t.Parallel()
	list := members.TimeZones()
	if len(list) < 300 {
		t.Fatalf("only %d zones", len(list))
	}
	for _, z := range list {
		if _, err := time.LoadLocation(z.Name); err != nil {
			t.Errorf("zone %s does not load: %v", z.Name, err)
		}
		if z.Label == "" {
			t.Errorf("zone %s has no label", z.Name)
		}
	}
	for _, z := range list {
		if z.Name == "Europe/Stockholm" && z.Label != "Stockholm, Sweden" {
			t.Errorf("Europe/Stockholm is labelled %q", z.Label)
		}
	}
}

func TestCountriesByName(t *testing.T) {
	t.Parallel()
	list := members.Countries()
	var names []string
	for _, c := range list[:4] {
		names = append(names, c.Name)
	}
	if got := strings.Join(names, ", "); got != "Afghanistan, Åland Islands, Albania, Algeria" {
		t.Errorf("first countries: %s", got)
	}
	at := map[string]int{}
	for i, c := range list {
		at[c.Name] = i
	}
	if !(at["Costa Rica"] < at["Côte d'Ivoire"] && at["Côte d'Ivoire"] < at["Croatia"]) {
		t.Errorf("Côte d'Ivoire is not between Costa Rica and Croatia")
	}
	if list[len(list)-1].Name != "Zimbabwe" {
		t.Errorf("last country %s", list[len(list)-1].Name)
	}
}
