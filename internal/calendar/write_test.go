package calendar_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/calendar"
)

// TestWriteRefuses: an event that cannot be written as given is an error
// naming it, and nothing is written.
func TestWriteRefuses(t *testing.T) {
	start := time.Date(2026, 5, 4, 16, 0, 0, 0, time.UTC)
	ok := calendar.Event{UID: "u1", Summary: "Call", Start: start, End: start.Add(time.Hour), Updated: start}
	cases := map[string]func(e *calendar.Event){
		"no UID":          func(e *calendar.Event) { e.UID = " " },
		"no start":        func(e *calendar.Event) { e.Start = time.Time{} },
		"end first":       func(e *calendar.Event) { e.End = start.Add(-time.Minute) },
		"unknown zone":    func(e *calendar.Event) { e.TimeZone = "Mars/Olympus_Mons" },
		"bad rule":        func(e *calendar.Event) { e.RRule = "FREQ=FORTNIGHTLY" },
		"rule with CRLF":  func(e *calendar.Event) { e.RRule = "FREQ=DAILY\r\nX:1" },
		"UNTIL not UTC":   func(e *calendar.Event) { e.TimeZone, e.RRule = "Europe/Berlin", "FREQ=DAILY;UNTIL=20260601T000000" },
		"relative URL":    func(e *calendar.Event) { e.URL = "/programmes/2" },
		"URL with spaces": func(e *calendar.Event) { e.URL = "https://x.test/a b" },
	}
	for name, change := range cases {
		t.Run(name, func(t *testing.T) {
			e := ok
			change(&e)
			var buf bytes.Buffer
			err := calendar.Write(&buf, calendar.Feed{Events: []calendar.Event{ok, e}})
			if err == nil || !strings.Contains(err.Error(), "event ") {
				t.Fatalf("Write = %v, want an error naming the event", err)
			}
			if buf.Len() != 0 {
				t.Errorf("%d bytes written before the error", buf.Len())
			}
		})
	}
	var buf bytes.Buffer
	if err := calendar.Write(&buf, calendar.Feed{Events: []calendar.Event{ok}}); err != nil {
		t.Fatalf("the valid event: %v", err)
	}
}

// TestEmptyFeed: no events still make a calendar RFC 5545 accepts (it
// wants one component: the definition of UTC).
func TestEmptyFeed(t *testing.T) {
	var buf bytes.Buffer
	if err := calendar.Write(&buf, calendar.Feed{Name: "Empty"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"BEGIN:VCALENDAR\r\n", "METHOD:PUBLISH\r\n", "TZID:Etc/UTC\r\n", "TZOFFSETTO:+0000\r\n", "END:VCALENDAR\r\n"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("no %q in\n%s", want, buf.String())
		}
	}
	if strings.Contains(buf.String(), "VEVENT") {
		t.Error("an event in an empty feed")
	}
}
