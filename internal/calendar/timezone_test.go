package calendar_test

import (
	"bytes"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"

	"github.com/trellis-community/trellis/internal/calendar"
)

// fromGoICal reads the observances of a VTIMEZONE decoded by go-ical.
func fromGoICal(t *testing.T, tz *ical.Component) vtimezone {
	t.Helper()
	var z vtimezone
	for _, c := range tz.Children {
		get := func(name string) string {
			if p := c.Props.Get(name); p != nil {
				return p.Value
			}
			t.Fatalf("%s without %s", c.Name, name)
			return ""
		}
		o, err := parseObservance(c.Name == ical.CompTimezoneDaylight, get(ical.PropDateTimeStart),
			get(ical.PropTimezoneOffsetFrom), get(ical.PropTimezoneOffsetTo), get(ical.PropTimezoneName))
		if err != nil {
			t.Fatal(err)
		}
		z = append(z, o)
	}
	return z.sorted()
}

func TestTimezoneMatchesGo(t *testing.T) {
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		zone                 string
		standard, daylight   int // observances expected in the span
		firstDaylightInMonth time.Month
	}{
		{"Europe/Berlin", 7, 6, time.March},
		{"America/New_York", 7, 6, time.March},
		{"Australia/Sydney", 6, 7, time.October}, // southern hemisphere: January is summer time
		{"Pacific/Chatham", 6, 7, time.September},
		{"Asia/Kolkata", 1, 0, 0},
		{"Etc/UTC", 1, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.zone, func(t *testing.T) {
			loc, err := time.LoadLocation(c.zone)
			if err != nil {
				t.Fatal(err)
			}
			comp := calendar.Timezone(loc, from, to)
			if got := comp.Props.Get(ical.PropTimezoneID).Value; got != c.zone {
				t.Errorf("TZID = %q", got)
			}
			z := fromGoICal(t, comp)
			var std, dst int
			for _, o := range z {
				if o.daylight {
					dst++
				} else {
					std++
				}
			}
			if std != c.standard || dst != c.daylight {
				t.Errorf("%d STANDARD and %d DAYLIGHT, want %d and %d", std, dst, c.standard, c.daylight)
			}
			for _, o := range z {
				if o.daylight && o.onset.After(from) {
					if m := o.onset.In(loc).Month(); m != c.firstDaylightInMonth {
						t.Errorf("first daylight saving in the span starts in %s, want %s", m, c.firstDaylightInMonth)
					}
					break
				}
			}
			checkAgainstGo(t, z, loc, from, to)
		})
	}
}

func TestTimezoneOffsets(t *testing.T) {
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := map[string][]string{ // the TZOFFSETTO values, in order
		"Asia/Kolkata":     {"+0530"},
		"Pacific/Chatham":  {"+1345", "+1245", "+1345"},
		"America/New_York": {"-0500", "-0400", "-0500"},
	}
	for zone, want := range cases {
		loc, _ := time.LoadLocation(zone)
		var buf bytes.Buffer
		cal := ical.NewCalendar()
		cal.Props.SetText(ical.PropProductID, "test")
		cal.Props.SetText(ical.PropVersion, "2.0")
		cal.Children = append(cal.Children, calendar.Timezone(loc, from, to))
		if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range cal.Children[0].Children {
			got = append(got, c.Props.Get(ical.PropTimezoneOffsetTo).Value)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: offsets %v, want %v", zone, got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: offsets %v, want %v", zone, got, want)
			}
		}
	}
}
