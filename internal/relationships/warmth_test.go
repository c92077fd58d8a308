package relationships_test

import (
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/relationships"
)

func TestWarmthOf(t *testing.T) {
	t.Parallel()
	// Monthly asks for 6 interactions a year to stay warm, quarterly for 2.
	tests := []struct {
		name                                string
		daysSince, daysKey, cadence, inYear int
		level                               string
		reason                              string // a part of the reason that must appear
	}{
		// Someone made key today is new, not cold; "no contact yet" only
		// counts against them once their first cadence has run out.
		{"key today, no contact yet", -1, 0, relationships.Monthly, 0, relationships.New, "Key member since today, no contact yet; the first is due within 30 days (cadence: monthly)."},
		{"key a cadence ago, no contact yet", -1, 30, relationships.Monthly, 0, relationships.New, "due within 0 days"},
		{"key a cadence and a day ago", -1, 31, relationships.Monthly, 0, relationships.Cooling, "Key member since 31 days ago, no contact yet: past the cadence (monthly)."},
		{"key twice the cadence ago", -1, 60, relationships.Monthly, 40, relationships.Cooling, "past the cadence"},
		{"key long ago, never contacted", -1, 400, relationships.Monthly, 0, relationships.Cold, "Key member since 400 days ago, no contact yet: more than twice the cadence (monthly)."},
		{"key today, contacted today", 0, 0, relationships.Monthly, 1, relationships.Warm, "Last contact today"},
		{"key 200 days, twice", 10, 200, relationships.Monthly, 2, relationships.Cooling, "but only 2 interactions in the past year; 3 interactions since they became key would keep it warm"},
		{"key 100 days, twice", 10, 122, relationships.Monthly, 2, relationships.Warm, "Last contact 10 days ago"},
		{"today, often", 0, 400, relationships.Monthly, 6, relationships.Warm, "Last contact today (cadence: monthly); 6 interactions in the past year."},
		{"within cadence, often", 12, 400, relationships.Monthly, 6, relationships.Warm, "Last contact 12 days ago (cadence: monthly); 6 interactions in the past year."},
		{"exactly at cadence, often", 30, 400, relationships.Monthly, 6, relationships.Warm, "30 days ago"},
		{"exactly at cadence, too rarely", 30, 400, relationships.Monthly, 5, relationships.Cooling, "but only 5 interactions in the past year; 6 a year keep it warm"},
		{"within cadence, none in the year", 1, 400, relationships.MaxCadence, 0, relationships.Cooling, "but no interactions in the past year; 1 a year keep it warm"},
		{"cadence plus one", 31, 400, relationships.Monthly, 12, relationships.Cooling, "Last contact 31 days ago, past the cadence (monthly)"},
		{"twice the cadence", 60, 400, relationships.Monthly, 12, relationships.Cooling, "past the cadence"},
		{"twice the cadence plus one", 61, 400, relationships.Monthly, 12, relationships.Cold, "Last contact 61 days ago, more than twice the cadence (monthly); 12 interactions"},
		{"quarterly at cadence", 91, 400, relationships.Quarterly, 2, relationships.Warm, "(cadence: quarterly); 2 interactions"},
		{"quarterly once a year", 91, 400, relationships.Quarterly, 1, relationships.Cooling, "but only 1 interaction in the past year; 2 a year keep it warm"},
		{"quarterly twice plus one", 183, 400, relationships.Quarterly, 1, relationships.Cold, "183 days ago"},
		{"fortnightly needs 13", 3, 400, relationships.Fortnightly, 12, relationships.Cooling, "13 a year"},
		{"one day ago", 1, 400, 7, 26, relationships.Warm, "Last contact 1 day ago (cadence: weekly)"},
		{"nonsense cadence treated as daily", 2, 400, 0, 200, relationships.Cooling, "past the cadence (every day)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := relationships.WarmthOf(tt.daysSince, tt.daysKey, tt.cadence, tt.inYear)
			if w.Level != tt.level {
				t.Errorf("level %q, want %q (reason %q)", w.Level, tt.level, w.Reason)
			}
			if !strings.Contains(w.Reason, tt.reason) {
				t.Errorf("reason %q does not contain %q", w.Reason, tt.reason)
			}
		})
	}
}

func TestExpectedPerYear(t *testing.T) {
	t.Parallel()
	tests := []struct{ cadence, want int }{
		{1, 182}, {7, 26}, {relationships.Fortnightly, 13}, {relationships.Monthly, 6},
		{relationships.Quarterly, 2}, {182, 1}, {relationships.MaxCadence, 1}, {0, 182},
	}
	for _, tt := range tests {
		if got := relationships.ExpectedPerYear(tt.cadence); got != tt.want {
			t.Errorf("ExpectedPerYear(%d) = %d, want %d", tt.cadence, got, tt.want)
		}
	}
}

func TestCadenceLabel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		days int
		want string
	}{
		{1, "every day"}, {7, "weekly"}, {relationships.Fortnightly, "every 2 weeks"},
		{relationships.Monthly, "monthly"}, {relationships.Quarterly, "quarterly"},
		{45, "every 45 days"}, {366, "every 366 days"},
	}
	for _, tt := range tests {
		if got := relationships.CadenceLabel(tt.days); got != tt.want {
			t.Errorf("CadenceLabel(%d) = %q, want %q", tt.days, got, tt.want)
		}
	}
}

func TestChannels(t *testing.T) {
	t.Parallel()
	for _, c := range relationships.Channels() {
		if !c.Valid() || c.Label() == "" || c.Label() == string(c) {
			t.Errorf("channel %q: valid %v, label %q", c, c.Valid(), c.Label())
		}
	}
	for _, c := range []relationships.Channel{"", "Meeting", "carrier pigeon"} {
		if c.Valid() {
			t.Errorf("channel %q is valid", c)
		}
	}
}
