package calendar

import (
	"fmt"
	"time"

	ical "github.com/emersion/go-ical"
)

// localFormat is an observance's DTSTART: local time, no zone (RFC 5545
// 3.6.5), read in the offset in force before the change.
const localFormat = "20060102T150405"

// Timezone returns a VTIMEZONE for loc that is correct from "from" to "to":
// one observance (STANDARD or DAYLIGHT) for each change of offset in that
// span and one for the offset in force at its start, each with
// TZOFFSETFROM, TZOFFSETTO and TZNAME. A zone without changes (Asia/Kolkata,
// Etc/UTC) gets a single STANDARD.
//
// The changes come from Go's time zone database (time.Time.ZoneBounds
// gives the exact instant each offset starts and ends), so the definition
// matches what the server itself computes for the same instants. Beyond
// "to" a client keeps the last offset, which is why Write covers years
// past the last event.
func Timezone(loc *time.Location, from, to time.Time) *ical.Component {
	tz := ical.NewComponent(ical.CompTimezone)
	tz.Props.SetText(ical.PropTimezoneID, loc.String())

	t := from.In(loc)
	start, _ := t.ZoneBounds()
	if start.IsZero() {
		// The offset at "from" has held since the zone's beginning.
		_, offset := t.Zone()
		tz.Children = append(tz.Children, observance(t, time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), offset))
	} else {
		tz.Children = append(tz.Children, change(start.In(loc)))
	}
	for {
		_, end := t.ZoneBounds()
		if end.IsZero() || !end.Before(to) {
			break
		}
		t = end.In(loc)
		tz.Children = append(tz.Children, change(t))
	}
	return tz
}

// change is the observance that starts at t, the first instant of a new
// offset, written in the offset in force just before it.
func change(t time.Time) *ical.Component {
	_, before := t.Add(-time.Second).Zone()
	return observance(t, t.In(time.FixedZone("", before)), before)
}

// observance describes the offset in force from t on, starting at the
// local time "local" (read in offset "from").
func observance(t, local time.Time, from int) *ical.Component {
	name, to := t.Zone()
	kind := ical.CompTimezoneStandard
	if t.IsDST() {
		kind = ical.CompTimezoneDaylight
	}
	o := ical.NewComponent(kind)
	dtstart := ical.NewProp(ical.PropDateTimeStart)
	dtstart.Value = local.Format(localFormat)
	o.Props.Set(dtstart)
	o.Props.Set(utcOffset(ical.PropTimezoneOffsetFrom, from))
	o.Props.Set(utcOffset(ical.PropTimezoneOffsetTo, to))
	o.Props.SetText(ical.PropTimezoneName, name)
	return o
}

// utcOffset writes seconds east of UTC as RFC 5545 UTC-OFFSET: +0530,
// -0500, +1245, with seconds only when there are some (old local mean
// times), and never "-0000".
func utcOffset(name string, seconds int) *ical.Prop {
	sign := '+'
	if seconds < 0 {
		sign, seconds = '-', -seconds
	}
	p := ical.NewProp(name)
	h, m, s := seconds/3600, seconds/60%60, seconds%60
	p.Value = fmt.Sprintf("%c%02d%02d", sign, h, m)
	if s != 0 {
		p.Value += fmt.Sprintf("%02d", s)
	}
	return p
}

// span is the stretch of time a feed's VTIMEZONEs cover: whole years, from
// the year before its first date to five years after its last date (or
// after Now, for series that run on), so the definition changes at most
// once a year and clients have the offsets for every occurrence they show.
func span(f Feed) (from, to time.Time) {
	var first, last time.Time
	see := func(t time.Time) {
		if t.IsZero() {
			return
		}
		if first.IsZero() || t.Before(first) {
			first = t
		}
		if last.IsZero() || t.After(last) {
			last = t
		}
	}
	see(f.Now)
	for _, e := range f.Events {
		see(e.Start)
		see(e.End)
		for _, ex := range e.ExDates {
			see(ex)
		}
		if e.RecurrenceID != nil {
			see(*e.RecurrenceID)
		}
	}
	if first.IsZero() {
		first, last = time.Unix(0, 0), time.Unix(0, 0)
	}
	from = time.Date(first.UTC().Year()-1, time.January, 1, 0, 0, 0, 0, time.UTC)
	to = time.Date(last.UTC().Year()+6, time.January, 1, 0, 0, 0, 0, time.UTC)
	return from, to
}
