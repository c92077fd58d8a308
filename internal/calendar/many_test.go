package calendar_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/calendar"
)

// many is a year of a community's programming, drawn with a fixed seed:
// single sessions and monthly or weekly series in five zones (UTC among
// them), skipped, moved and cancelled occurrences, long and non-ASCII
// text, locations and links, events without a change time.
func many() []calendar.Event {
	r := rand.New(rand.NewPCG(9, 2026))
	zones := []string{"", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney"}
	words := []string{"Community", "call", "Atelier", "données", "Onboarding", "Maintainers'", "sync", "office hours",
		"Ωmega", "release", "planning", "→", "writing", "sprint", "Q&A", "newcomers", "東京", "meetup"}
	text := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = words[r.IntN(len(words))]
		}
		return strings.Join(w, " ")
	}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var out []calendar.Event
	for i := range 240 {
		zone := zones[r.IntN(len(zones))]
		loc := time.UTC
		if zone != "" {
			loc = mustZone(zone)
		}
		day := base.AddDate(0, 0, r.IntN(365))
		start := time.Date(day.Year(), day.Month(), day.Day(), 8+r.IntN(10), 15*r.IntN(4), 0, 0, loc)
		e := calendar.Event{
			UID:      fmt.Sprintf("session-%d@trellis.test", i+1),
			Sequence: r.IntN(4),
			Summary:  text(2 + r.IntN(4)),
			Start:    start,
			End:      start.Add(time.Duration(30+30*r.IntN(4)) * time.Minute),
			TimeZone: zone,
		}
		if r.IntN(5) > 0 {
			e.Updated = base.Add(time.Duration(r.IntN(365*24)) * time.Hour)
		}
		if r.IntN(2) == 0 {
			e.Description = text(10 + r.IntN(40))
			if r.IntN(3) == 0 {
				e.Description += "\nSecond line; with, punctuation: and \\ a backslash."
			}
		}
		if r.IntN(3) == 0 {
			e.Location = text(2) + ", Room " + fmt.Sprint(r.IntN(300))
		}
		if r.IntN(2) == 0 {
			e.URL = fmt.Sprintf("https://trellis.test/programmes/%d?session=%d&x=%s", r.IntN(50), i+1, strings.Repeat("a", r.IntN(60)))
		}
		switch r.IntN(4) {
		case 0: // a weekly series with skipped and changed occurrences
			e.RRule = fmt.Sprintf("FREQ=WEEKLY;COUNT=%d", 4+r.IntN(20))
			skip := start.AddDate(0, 0, 7*(1+r.IntN(3)))
			e.ExDates = []time.Time{skip}
			out = append(out, e)
			moved := start.AddDate(0, 0, 7*(1+r.IntN(3)))
			o := e
			o.RRule, o.ExDates, o.Sequence = "", nil, e.Sequence+1
			o.RecurrenceID = &moved
			o.Start, o.End = moved.Add(time.Hour), moved.Add(2*time.Hour)
			o.Cancelled = r.IntN(2) == 0
			if r.IntN(2) == 0 { // moved into another zone
				o.TimeZone = zones[r.IntN(len(zones))]
			}
			out = append(out, o)
			continue
		case 1: // monthly until a UTC end
			e.RRule = "FREQ=MONTHLY;BYDAY=1TU;UNTIL=" + start.AddDate(0, 6, 0).UTC().Format("20060102T150405Z")
		case 2:
			e.Cancelled = r.IntN(4) == 0
		}
		out = append(out, e)
	}
	return out
}

// TestGoldenManyEvents keeps testdata/many.ics, the exact output of Write
// for many() as it was when the feed was still built as one tree before
// being written: writing one event at a time must not change a byte (nor
// the ETag subscribers hold). TRELLIS_UPDATE_GOLDEN=1 rewrites it.
func TestGoldenManyEvents(t *testing.T) {
	got := writeFeed(t, many())
	const path = "testdata/many.ics"
	if os.Getenv("TRELLIS_UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Write's output for many() differs from %s; rerun with TRELLIS_UPDATE_GOLDEN=1 if the change is meant", path)
	}
}
