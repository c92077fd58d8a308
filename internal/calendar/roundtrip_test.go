package calendar_test

import (
	"bytes"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	ical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"

	"github.com/trellis-community/trellis/internal/calendar"
)

var berlin = mustZone("Europe/Berlin")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// series is the first Tuesday of the month at 16:00 Berlin time, January
// to June 2026 (across the change to summer time on 29 March): February is
// skipped, March moved to Thursday 5 March at 17:00, May cancelled; plus a
// one-off workshop that was cancelled.
func series() []calendar.Event {
	at := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, berlin) }
	updated := time.Date(2025, 12, 1, 9, 30, 0, 0, time.UTC)
	march, may := at(time.March, 3, 16), at(time.May, 5, 16)
	return []calendar.Event{
		{UID: "session-7@trellis.test", Sequence: 3, Updated: updated, Summary: "Community call",
			Description: "Agenda: news, then open floor.\nBring questions; all welcome, too.",
			Location:    "Online", URL: "https://trellis.test/programmes/2",
			Start: at(time.January, 6, 16), End: at(time.January, 6, 17), TimeZone: "Europe/Berlin",
			RRule: "FREQ=MONTHLY;BYDAY=1TU;COUNT=6", ExDates: []time.Time{at(time.February, 3, 16)}},
		{UID: "session-7@trellis.test", Sequence: 4, Updated: updated, Summary: "Community call (moved)",
			Start: at(time.March, 5, 17), End: at(time.March, 5, 18), TimeZone: "Europe/Berlin", RecurrenceID: &march},
		{UID: "session-7@trellis.test", Sequence: 4, Updated: updated, Summary: "Community call",
			Start: may, End: may.Add(time.Hour), TimeZone: "Europe/Berlin", RecurrenceID: &may, Cancelled: true},
		{UID: "session-9@trellis.test", Sequence: 1, Updated: updated, Summary: "Data workshop",
			Start: time.Date(2026, 4, 20, 9, 0, 0, 0, time.UTC), End: time.Date(2026, 4, 20, 12, 0, 0, 0, time.UTC), Cancelled: true},
	}
}

// occurrence is what a calendar client would show.
type occurrence struct {
	uid, summary, status string
	start, end           time.Time
	sequence             int
}

// want is the series as a client must show it, in UTC: 16:00 Berlin is
// 15:00 UTC in winter and 14:00 UTC in summer.
func want() []occurrence {
	utc := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, time.UTC) }
	return []occurrence{
		{"session-7@trellis.test", "Community call", "CONFIRMED", utc(time.January, 6, 15), utc(time.January, 6, 16), 3},
		{"session-7@trellis.test", "Community call (moved)", "CONFIRMED", utc(time.March, 5, 16), utc(time.March, 5, 17), 4},
		{"session-7@trellis.test", "Community call", "CONFIRMED", utc(time.April, 7, 14), utc(time.April, 7, 15), 3},
		{"session-9@trellis.test", "Data workshop", "CANCELLED", utc(time.April, 20, 9), utc(time.April, 20, 12), 1},
		{"session-7@trellis.test", "Community call", "CANCELLED", utc(time.May, 5, 14), utc(time.May, 5, 15), 4},
		{"session-7@trellis.test", "Community call", "CONFIRMED", utc(time.June, 2, 14), utc(time.June, 2, 15), 3},
	}
}

func writeFeed(t *testing.T, events []calendar.Event) []byte {
	t.Helper()
	var buf bytes.Buffer
	err := calendar.Write(&buf, calendar.Feed{Name: "Trellis community", Events: events,
		Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// component is one parsed VEVENT, whichever parser read it.
type component struct {
	uid, summary, status, rrule string
	sequence                    int
	start, end, recurrenceID    time.Time // instants; recurrenceID zero on a master
	wallStart                   time.Time // DTSTART's wall clock, as UTC fields
	exdates                     []time.Time
}

// expand applies RFC 5545 to parsed components: each master's rule with
// its EXDATEs, then each RECURRENCE-ID override in place of the occurrence
// it names. resolve turns a master's wall-clock start into an instant.
func expand(t *testing.T, comps []component, resolve func(uid string, wall time.Time) time.Time) []occurrence {
	t.Helper()
	overrides := map[string]component{}
	for _, c := range comps {
		if !c.recurrenceID.IsZero() {
			overrides[c.uid+"@"+c.recurrenceID.UTC().Format(time.RFC3339)] = c
		}
	}
	var out []occurrence
	for _, c := range comps {
		if !c.recurrenceID.IsZero() {
			continue
		}
		starts := []time.Time{c.start}
		if c.rrule != "" {
			opt, err := rrule.StrToROption(c.rrule)
			if err != nil {
				t.Fatalf("%s: RRULE: %v", c.uid, err)
			}
			// Expanded in wall-clock time, so 16:00 stays 16:00 across
			// daylight saving, then placed in the zone.
			opt.Dtstart = c.wallStart
			rule, err := rrule.NewRRule(*opt)
			if err != nil {
				t.Fatal(err)
			}
			starts = nil
			for _, wall := range rule.All() {
				at := resolve(c.uid, wall)
				if !slices.ContainsFunc(c.exdates, at.Equal) {
					starts = append(starts, at)
				}
			}
		}
		for _, s := range starts {
			occ := occurrence{c.uid, c.summary, c.status, s.UTC(), s.Add(c.end.Sub(c.start)).UTC(), c.sequence}
			if o, ok := overrides[c.uid+"@"+s.UTC().Format(time.RFC3339)]; ok {
				occ = occurrence{o.uid, o.summary, o.status, o.start.UTC(), o.end.UTC(), o.sequence}
			}
			out = append(out, occ)
		}
	}
	slices.SortFunc(out, func(a, b occurrence) int { return a.start.Compare(b.start) })
	return out
}

func checkOccurrences(t *testing.T, got []occurrence) {
	t.Helper()
	w := want()
	if len(got) != len(w) {
		t.Fatalf("%d occurrences, want %d:\n got %+v\nwant %+v", len(got), len(w), got, w)
	}
	for i := range w {
		if got[i] != w[i] {
			t.Errorf("occurrence %d:\n got %+v\nwant %+v", i, got[i], w[i])
		}
	}
}

// TestRoundTripGoICal reads the feed back with go-ical's decoder, expands
// the series with rrule-go in the TZID's zone, and checks the occurrences.
func TestRoundTripGoICal(t *testing.T) {
	cal, err := ical.NewDecoder(bytes.NewReader(writeFeed(t, series()))).Decode()
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"VERSION": "2.0", "METHOD": "PUBLISH", "PRODID": calendar.ProductID, "X-WR-CALNAME": "Trellis community"} {
		if got, _ := cal.Props.Text(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	zones := map[string]vtimezone{}
	for _, c := range cal.Children {
		if c.Name == ical.CompTimezone {
			id, _ := c.Props.Text(ical.PropTimezoneID)
			zones[id] = fromGoICal(t, c)
		}
	}
	if len(zones) != 1 || zones["Europe/Berlin"] == nil {
		t.Fatalf("VTIMEZONEs %v, want Europe/Berlin alone", zones)
	}
	var comps []component
	for _, e := range cal.Events() {
		var c component
		c.uid, _ = e.Props.Text(ical.PropUID)
		c.summary, _ = e.Props.Text(ical.PropSummary)
		c.status, _ = e.Props.Text(ical.PropStatus)
		c.sequence, _ = e.Props.Get(ical.PropSequence).Int()
		if c.start, err = e.DateTimeStart(nil); err != nil {
			t.Fatal(err)
		}
		if c.end, err = e.DateTimeEnd(nil); err != nil {
			t.Fatal(err)
		}
		c.wallStart = wall(c.start)
		if p := e.Props.Get(ical.PropRecurrenceID); p != nil {
			if c.recurrenceID, err = p.DateTime(nil); err != nil {
				t.Fatal(err)
			}
		}
		if p := e.Props.Get(ical.PropRecurrenceRule); p != nil {
			c.rrule = p.Value
		}
		for _, p := range e.Props.Values(ical.PropExceptionDates) {
			if p.Params.Get(ical.ParamTimezoneID) != e.Props.Get(ical.PropDateTimeStart).Params.Get(ical.ParamTimezoneID) {
				t.Errorf("EXDATE %s has TZID %q, not DTSTART's", p.Value, p.Params.Get(ical.ParamTimezoneID))
			}
			ex, err := p.DateTime(nil)
			if err != nil {
				t.Fatal(err)
			}
			c.exdates = append(c.exdates, ex)
		}
		if c.rrule != "" {
			// go-ical's own expansion must agree on the dates it yields.
			set, err := e.RecurrenceSet(nil)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(set.All()); n != 5 {
				t.Errorf("go-ical's recurrence set has %d occurrences, want 5 (six less the EXDATE)", n)
			}
		}
		comps = append(comps, c)
	}
	checkOccurrences(t, expand(t, comps, func(uid string, w time.Time) time.Time {
		return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, berlin)
	}))
}

// TestRoundTripGolangICal reads the feed back with a second, independent
// parser and places the series through the feed's own VTIMEZONE, not Go's
// zone database, so a wrong VTIMEZONE would move the sessions.
func TestRoundTripGolangICal(t *testing.T) {
	cal, err := ics.ParseCalendar(bytes.NewReader(writeFeed(t, series())))
	if err != nil {
		t.Fatal(err)
	}
	zones := map[string]vtimezone{}
	for _, tz := range cal.Timezones() {
		var z vtimezone
		for _, sub := range tz.Components {
			var daylight bool
			var cb *ics.ComponentBase
			switch s := sub.(type) {
			case *ics.Standard:
				cb = &s.ComponentBase
			case *ics.Daylight:
				cb, daylight = &s.ComponentBase, true
			default:
				t.Fatalf("VTIMEZONE holds a %T", sub)
			}
			get := func(p ics.ComponentProperty) string { return cb.GetProperty(p).Value }
			o, err := parseObservance(daylight, get(ics.ComponentPropertyDtStart), get(ics.ComponentProperty(ics.PropertyTzoffsetfrom)),
				get(ics.ComponentProperty(ics.PropertyTzoffsetto)), get(ics.ComponentProperty(ics.PropertyTzname)))
			if err != nil {
				t.Fatal(err)
			}
			z = append(z, o)
		}
		zones[tz.GetProperty(ics.ComponentPropertyTzid).Value] = z.sorted()
	}
	inZone := func(p *ics.IANAProperty) time.Time {
		t.Helper()
		if p == nil {
			return time.Time{}
		}
		if strings.HasSuffix(p.Value, "Z") {
			at, err := time.Parse("20060102T150405Z", p.Value)
			if err != nil {
				t.Fatal(err)
			}
			return at
		}
		w, err := time.Parse("20060102T150405", p.Value)
		if err != nil {
			t.Fatal(err)
		}
		tzid := p.ICalParameters["TZID"]
		if len(tzid) != 1 || zones[tzid[0]] == nil {
			t.Fatalf("%s has TZID %v and no VTIMEZONE for it", p.IANAToken, tzid)
		}
		at, err := zones[tzid[0]].instant(w)
		if err != nil {
			t.Fatal(err)
		}
		return at
	}
	var comps []component
	masters := map[string]string{}
	for _, e := range cal.Events() {
		var c component
		c.uid = e.Id()
		c.summary = e.GetProperty(ics.ComponentPropertySummary).Value
		c.status = e.GetProperty(ics.ComponentPropertyStatus).Value
		if c.sequence, err = strconv.Atoi(e.GetProperty(ics.ComponentPropertySequence).Value); err != nil {
			t.Fatal(err)
		}
		dtstart := e.GetProperty(ics.ComponentPropertyDtStart)
		c.start, c.end = inZone(dtstart), inZone(e.GetProperty(ics.ComponentPropertyDtEnd))
		c.wallStart, _ = time.Parse("20060102T150405", strings.TrimSuffix(dtstart.Value, "Z"))
		c.recurrenceID = inZone(e.GetProperty(ics.ComponentPropertyRecurrenceId))
		if p := e.GetProperty(ics.ComponentPropertyRrule); p != nil {
			c.rrule = p.Value
			if tzid := dtstart.ICalParameters["TZID"]; len(tzid) == 1 {
				masters[c.uid] = tzid[0]
			}
		}
		for _, p := range e.GetProperties(ics.ComponentPropertyExdate) {
			c.exdates = append(c.exdates, inZone(p))
		}
		if e.GetProperty(ics.ComponentPropertyDescription) != nil && c.uid == "session-7@trellis.test" && c.recurrenceID.IsZero() {
			if got := e.GetProperty(ics.ComponentPropertyDescription).Value; got != "Agenda: news, then open floor.\nBring questions; all welcome, too." {
				t.Errorf("DESCRIPTION read back as %q", got)
			}
		}
		comps = append(comps, c)
	}
	checkOccurrences(t, expand(t, comps, func(uid string, w time.Time) time.Time {
		at, err := zones[masters[uid]].instant(w)
		if err != nil {
			t.Fatal(err)
		}
		return at
	}))
}

// wall is t's wall clock in its own zone, as UTC fields.
func wall(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}

// TestFeedIsStable: the same events give the same bytes, whatever their
// order, so the ETag only changes when the calendar does.
func TestFeedIsStable(t *testing.T) {
	events := series()
	a := writeFeed(t, events)
	slices.Reverse(events)
	if b := writeFeed(t, events); !bytes.Equal(a, b) {
		t.Errorf("the same events in another order gave different feeds")
	}
}

// TestGoldenFeed keeps testdata/series.ics, the feed e2e/ics.mjs reads
// with Mozilla's ical.js, the exact output of Write for series(). Run with
// TRELLIS_UPDATE_GOLDEN=1 to rewrite it after a deliberate change.
func TestGoldenFeed(t *testing.T) {
	got := writeFeed(t, series())
	const path = "testdata/series.ics"
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
		t.Errorf("Write's output differs from %s; rerun with TRELLIS_UPDATE_GOLDEN=1 if the change is meant", path)
	}
}
