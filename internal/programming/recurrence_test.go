package programming

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/trellis-community/trellis/internal/apperr"
)

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// Every case gives the exact instants, in UTC, the series must have.
func TestExpandKeepsWallClockAcrossDST(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, zone, start, rule string
		from, to                string // UTC
		want                    []string
	}{
		{"first Tuesday 16:00 Berlin across spring DST", "Europe/Berlin", "2026-02-03T16:00", "FREQ=MONTHLY;BYDAY=1TU",
			"2026-01-01T00:00:00Z", "2026-06-01T00:00:00Z",
			[]string{"2026-02-03T15:00:00Z", "2026-03-03T15:00:00Z", "2026-04-07T14:00:00Z", "2026-05-05T14:00:00Z"}},
		{"weekly Tuesday 16:00 Berlin across autumn DST", "Europe/Berlin", "2026-10-20T16:00", "FREQ=WEEKLY;BYDAY=TU",
			"2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z",
			[]string{"2026-10-20T14:00:00Z", "2026-10-27T15:00:00Z"}},
		{"New York weekly Friday 09:00 across US DST", "America/New_York", "2026-03-06T09:00", "FREQ=WEEKLY;BYDAY=FR;COUNT=3",
			"2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z",
			[]string{"2026-03-06T14:00:00Z", "2026-03-13T13:00:00Z", "2026-03-20T13:00:00Z"}},
		{"Auckland Monday 09:00 across southern autumn DST", "Pacific/Auckland", "2026-03-30T09:00", "FREQ=WEEKLY;BYDAY=MO;COUNT=2",
			"2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z",
			[]string{"2026-03-29T20:00:00Z", "2026-04-05T21:00:00Z"}},
		{"the 31st skips short months", "UTC", "2026-01-31T10:00", "FREQ=MONTHLY;BYMONTHDAY=31",
			"2026-01-01T00:00:00Z", "2026-06-01T00:00:00Z",
			[]string{"2026-01-31T10:00:00Z", "2026-03-31T10:00:00Z", "2026-05-31T10:00:00Z"}},
		{"the last day of every month", "UTC", "2026-01-31T10:00", "FREQ=MONTHLY;BYMONTHDAY=-1",
			"2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z",
			[]string{"2026-01-31T10:00:00Z", "2026-02-28T10:00:00Z", "2026-03-31T10:00:00Z"}},
		{"last Friday of the month", "Europe/London", "2026-01-30T12:00", "FREQ=MONTHLY;BYDAY=-1FR",
			"2026-01-01T00:00:00Z", "2026-05-01T00:00:00Z",
			[]string{"2026-01-30T12:00:00Z", "2026-02-27T12:00:00Z", "2026-03-27T12:00:00Z", "2026-04-24T11:00:00Z"}},
		{"every two weeks, window in the middle", "UTC", "2026-01-06T08:00", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
			"2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z",
			[]string{"2026-02-03T08:00:00Z", "2026-02-17T08:00:00Z"}},
		{"UNTIL ends the series", "UTC", "2026-01-05T08:00", "FREQ=DAILY;UNTIL=20260107T235959Z",
			"2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z",
			[]string{"2026-01-05T08:00:00Z", "2026-01-06T08:00:00Z", "2026-01-07T08:00:00Z"}},
		{"a single session inside the window", "UTC", "2026-01-05T08:00", "",
			"2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", []string{"2026-01-05T08:00:00Z"}},
		{"a single session outside the window", "UTC", "2026-01-05T08:00", "",
			"2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := mustZone(t, tt.zone)
			start, ok := ParseWhen(tt.start, loc)
			if !ok {
				t.Fatalf("start %q", tt.start)
			}
			rule, err := ParseRule(tt.rule, start)
			if err != nil {
				t.Fatalf("ParseRule(%q): %v", tt.rule, err)
			}
			got := expand(rule, start, utc(tt.from), utc(tt.to))
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i, g := range got {
				if !g.Equal(utc(tt.want[i])) {
					t.Errorf("occurrence %d = %s, want %s", i, g.UTC().Format(time.RFC3339), tt.want[i])
				}
				if g.Location() != loc {
					t.Errorf("occurrence %d in %s, want the session's zone %s", i, g.Location(), loc)
				}
			}
		})
	}
}

func TestExpandIsBounded(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rule, err := ParseRule("FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23", start)
	if err != nil {
		t.Fatal(err)
	}
	got := expand(rule, start, start, start.Add(MaxSpan))
	if len(got) != maxOccurrences {
		t.Fatalf("an hourly-ish open rule over 400 days gave %d occurrences, want the cap %d", len(got), maxOccurrences)
	}
	// An open-ended weekly rule asked about a far period still ends.
	weekly, _ := ParseRule("FREQ=WEEKLY", start)
	far := start.AddDate(100, 0, 0)
	if n := len(expand(weekly, start, far, far.AddDate(0, 1, 0))); n < 4 || n > 5 {
		t.Fatalf("a month a century on gave %d occurrences", n)
	}
}

func TestParseRule(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 2, 3, 16, 0, 0, 0, mustZone(t, "Europe/Berlin"))
	tests := []struct {
		in, want, problem string
	}{
		{"", "", ""},
		{"FREQ=MONTHLY;BYDAY=1TU", "FREQ=MONTHLY;BYDAY=+1TU", ""},
		{"rrule:freq=weekly;byday=tu", "FREQ=WEEKLY;BYDAY=TU", ""},
		{"  RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU ", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", ""},
		{"FREQ=WEEKLY;UNTIL=20261231T235959", "FREQ=WEEKLY;UNTIL=20261231T225959Z", ""},
		{"FREQ=HOURLY", "", "daily, weekly, monthly or yearly"},
		{"BYDAY=TU", "", "not a recurrence rule"},
		{"FREQ=WEEKLY;BYDAY=XX", "", "not a recurrence rule"},
		{"FREQ=WEEKLY;BYDAY", "", "not a recurrence rule"},
		{"DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY", "", "without DTSTART"},
		{"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "", "never happens"},
		{"FREQ=WEEKLY;COUNT=2;UNTIL=20261231T000000Z", "", "not both"},
		{"FREQ=WEEKLY;UNTIL=20250101T000000Z", "", "before the session's start"},
		{"FREQ=WEEKLY;INTERVAL=5000", "", "INTERVAL"},
		{"FREQ=MONTHLY;BYMONTHDAY=40", "", "not a recurrence rule"},
		{"FREQ=DAILY;BYSECOND=1", "", "not supported"},
		{strings.Repeat("A", 600), "", "at most"},
	}
	for _, tt := range tests {
		got, err := ParseRule(tt.in, start)
		switch {
		case tt.problem == "" && err != nil:
			t.Errorf("ParseRule(%q): %v", tt.in, err)
		case tt.problem != "" && (err == nil || !strings.Contains(err.Error(), tt.problem)):
			t.Errorf("ParseRule(%q) = %q, %v; want an error saying %q", tt.in, got, err, tt.problem)
		case tt.problem == "" && got != tt.want:
			t.Errorf("ParseRule(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRepeatPatterns(t *testing.T) {
	t.Parallel()
	berlin := mustZone(t, "Europe/Berlin")
	tue := time.Date(2026, 2, 3, 16, 0, 0, 0, berlin)      // first Tuesday
	lastThu := time.Date(2026, 1, 29, 16, 0, 0, 0, berlin) // fifth (last) Thursday
	tests := []struct {
		r     Repeat
		start time.Time
		want  string
		field string
	}{
		{Repeat{}, tue, "", ""},
		{Repeat{Pattern: "weekly"}, tue, "FREQ=WEEKLY;BYDAY=TU", ""},
		{Repeat{Pattern: "every_n_weeks", Weeks: "3"}, tue, "FREQ=WEEKLY;INTERVAL=3;BYDAY=TU", ""},
		{Repeat{Pattern: "every_n_weeks", Weeks: "x"}, tue, "", "repeat_weeks"},
		{Repeat{Pattern: "monthly_nth"}, tue, "FREQ=MONTHLY;BYDAY=1TU", ""},
		{Repeat{Pattern: "monthly_nth"}, lastThu, "FREQ=MONTHLY;BYDAY=-1TH", ""},
		{Repeat{Pattern: "monthly_last"}, lastThu, "FREQ=MONTHLY;BYDAY=-1TH", ""},
		{Repeat{Pattern: "weekly", Count: "10"}, tue, "FREQ=WEEKLY;BYDAY=TU;COUNT=10", ""},
		{Repeat{Pattern: "weekly", Until: "2026-06-30"}, tue, "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260630T215959Z", ""},
		{Repeat{Pattern: "weekly", Until: "2026-06-30", Count: "3"}, tue, "", "repeat_until"},
		{Repeat{Pattern: "weekly", Until: "June"}, tue, "", "repeat_until"},
		{Repeat{Pattern: "custom", Rule: "rrule:freq=daily"}, tue, "FREQ=DAILY", ""},
		{Repeat{Pattern: "custom"}, tue, "", "repeat_rule"},
		{Repeat{Pattern: "fortnightly"}, tue, "", "repeat"},
	}
	for _, tt := range tests {
		var fe apperr.FieldErrors
		got := tt.r.RuleText(tt.start, &fe)
		err := fe.Err()
		if tt.field != "" {
			if e, ok := err.(*apperr.Error); !ok || e.Fields[tt.field] == "" {
				t.Errorf("%+v: got %q, %v; want a problem on %s", tt.r, got, err, tt.field)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%+v: got %q, %v; want %q", tt.r, got, err, tt.want)
		}
		if _, err := ParseRule(got, tt.start); err != nil {
			t.Errorf("%+v: the pattern's rule %q does not parse: %v", tt.r, got, err)
		}
	}
	stored, _ := ParseRule("FREQ=MONTHLY;BYDAY=1TU", tue)
	if got := DescribeRule(stored, tue); got != "Every first Tuesday of the month at 16:00 Europe/Berlin" {
		t.Errorf("DescribeRule = %q", got)
	}
}

func FuzzParseRule(f *testing.F) {
	for _, s := range []string{"FREQ=MONTHLY;BYDAY=1TU", "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4", "FREQ=DAILY;UNTIL=20260101T000000Z",
		"RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR", "FREQ=WEEKLY;BYDAY=", ";;=="} {
		f.Add(s)
	}
	start := time.Date(2026, 2, 3, 16, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		rule, err := ParseRule(s, start)
		if err != nil || rule == "" {
			return
		}
		again, err := ParseRule(rule, start)
		if err != nil || again != rule {
			t.Fatalf("stored rule %q reads back as %q, %v", rule, again, err)
		}
		if got := expand(rule, start, start, start.Add(MaxSpan)); len(got) > maxOccurrences {
			t.Fatalf("%d occurrences", len(got))
		}
	})
}

func FuzzRepeat(f *testing.F) {
	f.Add("weekly", "", "", "2026-12-31", "")
	f.Add("every_n_weeks", "2", "", "", "5")
	f.Add("custom", "", "FREQ=DAILY", "", "")
	start := time.Date(2026, 1, 29, 16, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, pattern, weeks, rule, until, count string) {
		var fe apperr.FieldErrors
		text := Repeat{Pattern: pattern, Weeks: weeks, Rule: rule, Until: until, Count: count}.RuleText(start, &fe)
		if fe.Err() != nil || text == "" || pattern == "custom" {
			return
		}
		if _, err := ParseRule(text, start); err != nil && !strings.Contains(err.Error(), "UNTIL is before") {
			t.Fatalf("pattern %q gave %q, which does not parse: %v", pattern, text, err)
		}
	})
}

func TestRepeatOfRoundTrips(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 2, 3, 16, 0, 0, 0, mustZone(t, "Europe/Berlin"))
	for _, r := range []Repeat{{Pattern: "weekly"}, {Pattern: "monthly_nth", Count: "6"}, {Pattern: "monthly_last", Until: "2026-12-31"},
		{Pattern: "every_n_weeks", Weeks: "2"}, {Pattern: "custom", Rule: "FREQ=DAILY"}} {
		var fe apperr.FieldErrors
		stored, err := ParseRule(r.RuleText(start, &fe), start)
		if err != nil {
			t.Fatal(err)
		}
		got := RepeatOf(stored, start)
		if r.Pattern == "custom" {
			r.Rule = stored
		}
		if got != r {
			t.Errorf("RepeatOf(%q) = %+v, want %+v", stored, got, r)
		}
	}
	stored, _ := ParseRule("FREQ=MONTHLY;BYDAY=1TU;COUNT=6", start)
	if got := DescribeRule(stored, start); got != "Every first Tuesday of the month at 16:00 Europe/Berlin, 6 times" {
		t.Errorf("DescribeRule = %q", got)
	}
}

// A year of a weekly series, the largest expansion a calendar page asks
// for one series, should take well under a millisecond.
func BenchmarkExpandWeeklyYear(b *testing.B) {
	start := time.Date(2025, 1, 7, 16, 0, 0, 0, mustZone(b, "Europe/Berlin"))
	rule, err := ParseRule("FREQ=WEEKLY;BYDAY=TU", start)
	if err != nil {
		b.Fatal(err)
	}
	from := start.AddDate(1, 0, 0)
	for b.Loop() {
		if n := len(expand(rule, start, from, from.Add(MaxSpan))); n < 52 {
			b.Fatalf("%d occurrences", n)
		}
	}
}
