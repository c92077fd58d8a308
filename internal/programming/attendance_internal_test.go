package programming

import (
	"testing"
	"time"
)

// FuzzFindOccurrence: whatever names a date, reading it never panics, and
// a date it accepts is one of the series' own.
func FuzzFindOccurrence(f *testing.F) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		f.Skip(err)
	}
	start := time.Date(2026, 1, 6, 16, 0, 0, 0, berlin)
	x := Session{ID: 1, Start: start, End: start.Add(time.Hour), TimeZone: "Europe/Berlin", RRule: "FREQ=MONTHLY;BYDAY=1TU",
		Exceptions: []Exception{{OriginalStart: time.Date(2026, 2, 3, 16, 0, 0, 0, berlin), Action: Skip}}}
	for _, s := range []string{"", "2026-03-03T16:00", "2026-03-03T15:00:00Z", "2026-02-03T16:00", "2026-03-04 16:00", "9999-12-31T23:59", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, at string) {
		o, err := x.findOccurrence(at)
		if err != nil {
			return
		}
		if o.OriginalStart == nil || !isOccurrence(x.RRule, x.Start, *o.OriginalStart) || o.OriginalStart.Month() == time.February && o.OriginalStart.Year() == 2026 {
			t.Fatalf("%q accepted as %+v", at, o)
		}
	})
}
