package calendar

import (
	"cmp"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	ical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"
)

// ProductID names Trellis as the maker of its feeds (PRODID).
const ProductID = "-//Trellis//Trellis community calendar//EN"

// ContentType is how a feed is served.
const ContentType = "text/calendar; charset=utf-8"

// refreshInterval asks clients to poll hourly (RFC 7986 REFRESH-INTERVAL
// and its older spelling X-PUBLISHED-TTL); most default to a day, and a
// cancelled call should not reach people after it was due.
const refreshInterval = "PT1H"

// Feed is one calendar to write: the community's, or one programme's.
type Feed struct {
	Name   string // the calendar's name in the subscriber's client (X-WR-CALNAME)
	Events []Event
	// Now widens the span the VTIMEZONE definitions cover to the years
	// ahead of today, so an open-ended series keeps its daylight saving
	// changes. Zero means the events' own dates alone.
	Now time.Time
}

// Write writes f as an RFC 5545 calendar with METHOD:PUBLISH: one VEVENT
// per event, times in the event's time zone with a VTIMEZONE for each zone
// used (or in UTC), long lines folded and text escaped. The output depends
// only on f, so an unchanged feed gives the same bytes (and ETag).
//
// It returns an error, writing nothing, when an event cannot be written
// as given: no UID or start, an unknown time zone, an end before its
// start, a URL that is not absolute, or a recurrence rule that does not
// parse (or whose UNTIL is not in UTC).
func Write(w io.Writer, f Feed) error {
	cal, err := build(f)
	if err != nil {
		return err
	}
	fw := &folder{w: w}
	if err := ical.NewEncoder(fw).Encode(cal); err != nil {
		return fmt.Errorf("encode calendar: %w", err)
	}
	return fw.err
}

func build(f Feed) (*ical.Calendar, error) {
	cal := ical.NewCalendar()
	setText(cal.Props, ical.PropProductID, ProductID)
	setText(cal.Props, ical.PropVersion, "2.0")
	setText(cal.Props, ical.PropCalendarScale, "GREGORIAN")
	setText(cal.Props, ical.PropMethod, "PUBLISH")
	setText(cal.Props, ical.PropName, f.Name)
	setText(cal.Props, "X-WR-CALNAME", f.Name)
	cal.Props["X-WR-CALNAME"][0].Params.Del(ical.ParamValue) // TEXT is the default
	refresh := ical.NewProp(ical.PropRefreshInterval)
	refresh.Params.Set(ical.ParamValue, string(ical.ValueDuration)) // RFC 7986 requires it spelled out
	refresh.Value = refreshInterval
	cal.Props.Set(refresh)
	ttl := ical.NewProp("X-PUBLISHED-TTL")
	ttl.Value = refreshInterval
	cal.Props.Set(ttl)

	events := slices.Clone(f.Events)
	// Masters before their changed occurrences, in a fixed order, so the
	// same events always give the same bytes.
	slices.SortStableFunc(events, func(a, b Event) int {
		if c := cmp.Compare(a.UID, b.UID); c != 0 {
			return c
		}
		return cmp.Compare(recurrenceKey(a), recurrenceKey(b))
	})
	masterZone := map[string]string{}
	for _, e := range events {
		if e.RecurrenceID == nil {
			masterZone[e.UID] = e.TimeZone
		}
	}

	zones := map[string]*time.Location{}
	var comps []*ical.Component
	for i, e := range events {
		if e.Updated.IsZero() {
			e.Updated = f.Now // DTSTAMP is required; "now" is the best guess
		}
		loc, err := zoneOf(e.TimeZone)
		if err != nil {
			return nil, fmt.Errorf("event %d (%q): %w", i, e.UID, err)
		}
		ridLoc := loc
		if zone, ok := masterZone[e.UID]; ok && e.RecurrenceID != nil {
			// RECURRENCE-ID names an occurrence of the master, so it is
			// written as the master writes its starts.
			if ridLoc, err = zoneOf(zone); err != nil {
				return nil, fmt.Errorf("event %d (%q): %w", i, e.UID, err)
			}
		}
		comp, err := vevent(e, loc, ridLoc)
		if err != nil {
			return nil, fmt.Errorf("event %d (%q): %w", i, e.UID, err)
		}
		for _, l := range []*time.Location{loc, ridLoc} {
			if l != time.UTC {
				zones[l.String()] = l
			}
		}
		comps = append(comps, comp)
	}

	from, to := span(f)
	names := make([]string, 0, len(zones))
	for name := range zones {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		cal.Children = append(cal.Children, Timezone(zones[name], from, to))
	}
	if len(comps) == 0 && len(names) == 0 {
		// RFC 5545 wants at least one component in a calendar; an empty
		// feed carries the definition of UTC, which every client accepts.
		utc, _ := time.LoadLocation("Etc/UTC")
		cal.Children = append(cal.Children, Timezone(utc, from, to))
	}
	cal.Children = append(cal.Children, comps...)
	return cal, nil
}

func recurrenceKey(e Event) int64 {
	if e.RecurrenceID == nil {
		return -1 << 63
	}
	return e.RecurrenceID.UnixNano()
}

// zoneOf loads an event's IANA zone; "" and UTC write times in UTC.
func zoneOf(name string) (*time.Location, error) {
	if name == "" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil || strings.ContainsAny(name, "\",;:") {
		return nil, fmt.Errorf("unknown time zone %q", name)
	}
	return loc, nil
}

func vevent(e Event, loc, ridLoc *time.Location) (*ical.Component, error) {
	if strings.TrimSpace(e.UID) == "" {
		return nil, fmt.Errorf("no UID")
	}
	if e.Start.IsZero() {
		return nil, fmt.Errorf("no start")
	}
	if e.End.Before(e.Start) {
		return nil, fmt.Errorf("the end (%s) is before the start (%s)", e.End, e.Start)
	}
	ev := ical.NewComponent(ical.CompEvent)
	setText(ev.Props, ical.PropUID, e.UID)
	setUTC(ev.Props, ical.PropDateTimeStamp, e.Updated)
	setUTC(ev.Props, ical.PropLastModified, e.Updated)
	seq := ical.NewProp(ical.PropSequence)
	seq.Value = strconv.Itoa(max(e.Sequence, 0))
	ev.Props.Set(seq)
	setText(ev.Props, ical.PropSummary, e.Summary)
	if e.Description != "" {
		setText(ev.Props, ical.PropDescription, e.Description)
	}
	if e.Location != "" {
		setText(ev.Props, ical.PropLocation, e.Location)
	}
	if e.URL != "" {
		u, err := url.Parse(e.URL)
		if err != nil || !u.IsAbs() || strings.ContainsAny(e.URL, " \t\r\n") {
			return nil, fmt.Errorf("URL %q is not an absolute URL", e.URL)
		}
		ev.Props.SetURI(ical.PropURL, u)
	}
	setTime(ev.Props, ical.PropDateTimeStart, e.Start, loc)
	setTime(ev.Props, ical.PropDateTimeEnd, e.End, loc)
	if e.RRule != "" {
		if err := checkRule(e.RRule, loc); err != nil {
			return nil, err
		}
		rule := ical.NewProp(ical.PropRecurrenceRule)
		rule.Value = strings.ToUpper(e.RRule)
		ev.Props.Set(rule)
	}
	for _, ex := range e.ExDates {
		p := ical.NewProp(ical.PropExceptionDates)
		p.SetDateTime(ex.In(loc))
		ev.Props.Add(p)
	}
	if e.RecurrenceID != nil {
		setTime(ev.Props, ical.PropRecurrenceID, *e.RecurrenceID, ridLoc)
	}
	status := ical.EventConfirmed
	if e.Cancelled {
		status = ical.EventCancelled
	}
	ev.Props.SetText(ical.PropStatus, string(status))
	return ev, nil
}

// checkRule refuses a recurrence rule clients could not read: one that
// does not parse, or whose UNTIL is not in UTC while the start has a time
// zone (RFC 5545 3.3.10).
func checkRule(rule string, loc *time.Location) error {
	if strings.ContainsFunc(rule, func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("=;,+-", r))
	}) {
		return fmt.Errorf("recurrence rule %q holds characters no rule has", rule)
	}
	if _, err := rrule.StrToROption(rule); err != nil {
		return fmt.Errorf("recurrence rule %q: %w", rule, err)
	}
	for part := range strings.SplitSeq(strings.ToUpper(rule), ";") {
		if until, ok := strings.CutPrefix(part, "UNTIL="); ok && loc != time.UTC && len(until) > 8 && !strings.HasSuffix(until, "Z") {
			return fmt.Errorf("recurrence rule %q: UNTIL must be in UTC (ending in Z)", rule)
		}
	}
	return nil
}

// setTime writes t as local time with a TZID in loc, or in UTC.
func setTime(props ical.Props, name string, t time.Time, loc *time.Location) {
	p := ical.NewProp(name)
	p.SetDateTime(t.In(loc))
	props.Set(p)
}

func setUTC(props ical.Props, name string, t time.Time) {
	p := ical.NewProp(name)
	p.SetDateTime(t.UTC().Truncate(time.Second))
	props.Set(p)
}

func setText(props ical.Props, name, text string) {
	p := ical.NewProp(name)
	p.SetText(cleanText(text))
	props.Set(p)
}

// cleanText makes text writable: valid UTF-8, line breaks as LF (escaped
// as \n by the encoder), and no other control characters, which RFC 5545
// does not allow in TEXT.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n' || r == '\t':
			return r
		case r < 0x20 || r == 0x7f:
			return -1
		}
		return r
	}, s)
}
