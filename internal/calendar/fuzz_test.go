package calendar_test

import (
	"bufio"
	"bytes"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
	ical "github.com/emersion/go-ical"

	"github.com/trellis-community/trellis/internal/calendar"
)

// FuzzWrite writes whatever text, zone and rule programming might hand
// over: Write either refuses the event or writes a calendar both parsers
// read back, with every line at most 75 octets and the text unchanged but
// for what RFC 5545 cannot carry (CR, control characters).
func FuzzWrite(f *testing.F) {
	f.Add("Community call", "Line one\r\nline two; a, b \\ c", "Zoom: https://x.test/?a=1;b=2", "Europe/Berlin", "FREQ=WEEKLY;COUNT=3", "uid-1")
	f.Add("ünïcödé "+string(make([]byte, 80)), "\x00\x7f\t", "", "Pacific/Chatham", "", "a@b")
	f.Add("x", "", "", "Nowhere/City", "FREQ=SOMETIMES", "")
	f.Add("😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀", "\xff\xfe", "", "", "FREQ=DAILY;UNTIL=20270101T000000", "u")
	f.Fuzz(func(t *testing.T, summary, description, location, zone, rule, uid string) {
		start := time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC)
		e := calendar.Event{UID: uid, Sequence: 1, Updated: start, Summary: summary, Description: description,
			Location: location, Start: start, End: start.Add(time.Hour), TimeZone: zone, RRule: rule}
		var buf bytes.Buffer
		if err := calendar.Write(&buf, calendar.Feed{Name: summary, Events: []calendar.Event{e}}); err != nil {
			if buf.Len() != 0 {
				t.Fatalf("Write failed (%v) after writing %d bytes", err, buf.Len())
			}
			return
		}
		out := buf.Bytes()
		sc := bufio.NewScanner(bytes.NewReader(out))
		sc.Buffer(nil, len(out)+1)
		sc.Split(splitCRLF)
		for sc.Scan() {
			if len(sc.Bytes()) > 75 {
				t.Fatalf("line of %d octets: %q", len(sc.Bytes()), sc.Bytes())
			}
			if !utf8.Valid(sc.Bytes()) {
				t.Fatalf("line is not UTF-8: %q", sc.Bytes())
			}
		}
		cal, err := ical.NewDecoder(bytes.NewReader(out)).Decode()
		if err != nil {
			t.Fatalf("go-ical cannot read the feed: %v\n%s", err, out)
		}
		evs := cal.Events()
		if len(evs) != 1 {
			t.Fatalf("%d events read back", len(evs))
		}
		for name, want := range map[string]string{ical.PropSummary: summary, ical.PropDescription: description, ical.PropLocation: location} {
			if want == "" {
				continue
			}
			got, err := evs[0].Props.Text(name)
			if err != nil || got != calendar.CleanText(want) {
				t.Errorf("%s read back as %q (%v), want %q", name, got, err, calendar.CleanText(want))
			}
		}
		if _, err := ics.ParseCalendar(bytes.NewReader(out)); err != nil {
			t.Fatalf("golang-ical cannot read the feed: %v\n%s", err, out)
		}
	})
}

func splitCRLF(data []byte, atEOF bool) (int, []byte, error) {
	if i := bytes.Index(data, []byte("\r\n")); i >= 0 {
		return i + 2, data[:i], nil
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}
