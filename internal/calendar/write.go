package calendar

import (
	"bytes"
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
	p, err := plan(f)
	if err != nil {
		return err
	}
	// The calendar's properties and time zones are encoded as a calendar
	// of their own, up to a placeholder where the events go (the encoder
	// refuses a calendar without components); then each event is built,
	// encoded and dropped in turn, so a year of sessions is never held as
	// one tree of components (it was most of the feed's memory).
	p.head.Children = append(p.head.Children, ical.NewComponent(eventsGoHere))
	var head bytes.Buffer
	if err := ical.NewEncoder(&head).Encode(p.head); err != nil {
		return fmt.Errorf("encode calendar: %w", err)
	}
	before, _, ok := bytes.Cut(head.Bytes(), []byte("BEGIN:"+eventsGoHere+"\r\n"))
	if !ok {
		return fmt.Errorf("encode calendar: no place for the events in its head")
	}
	end := []byte("END:" + ical.CompCalendar + "\r\n")
	fw := &folder{w: w}
	if _, err := fw.Write(before); err != nil {
		return err
	}
	enc := ical.NewEncoder(fw)
	for _, e := range p.events {
		// plan checked every event, so vevent cannot fail here.
		comp, err := vevent(e, p.loc(e.TimeZone), p.loc(p.ridZone(e)))
		if err != nil {
			return fmt.Errorf("event %q: %w", e.UID, err)
		}
		if err := enc.Encode(&ical.Calendar{Component: comp}); err != nil {
			return fmt.Errorf("encode calendar: %w", err)
		}
	}
	if _, err := fw.Write(end); err != nil {
		return err
	}
	return fw.err
}

// eventsGoHere names the placeholder component Write cuts the calendar's
// head at; it is never written.
const eventsGoHere = "X-TRELLIS-EVENTS"

// feedPlan is a feed checked and ready to write: its events in the order
// written, the zones they use, and the calendar's head (its properties
// and time zone definitions).
type feedPlan struct {
	head       *ical.Calendar
	events     []Event
	zones      map[string]*time.Location
	masterZone map[string]string // a series' zone, by UID
}

// loc is a zone plan has loaded ("" for UTC).
func (p *feedPlan) loc(name string) *time.Location {
	if l, ok := p.zones[name]; ok {
		return l
	}
	return time.UTC
}

// ridZone is the zone e's RECURRENCE-ID is written in: its master's when
// e changes an occurrence of a series in the feed, its own otherwise.
func (p *feedPlan) ridZone(e Event) string {
	if zone, ok := p.masterZone[e.UID]; ok && e.RecurrenceID != nil {
		return zone
	}
	return e.TimeZone
}

// plan sorts and checks f's events (building each once, so that Write
// fails before writing anything) and makes the calendar's head.
func plan(f Feed) (*feedPlan, error) {
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
	p := &feedPlan{events: events, zones: map[string]*time.Location{}, masterZone: map[string]string{}}
	for _, e := range events {
		if e.RecurrenceID == nil {
			p.masterZone[e.UID] = e.TimeZone
		}
	}

	used := map[string]*time.Location{} // the zones written, by IANA name
	for i := range events {
		e := &events[i]
		if e.Updated.IsZero() {
			e.Updated = f.Now // DTSTAMP is required; "now" is the best guess
		}
		for _, name := range []string{e.TimeZone, p.ridZone(*e)} {
			if _, ok := p.zones[name]; ok {
				continue
			}
			loc, err := zoneOf(name)
			if err != nil {
				return nil, fmt.Errorf("event %d (%q): %w", i, e.UID, err)
			}
			p.zones[name] = loc
			if loc != time.UTC {
				used[loc.String()] = loc
			}
		}
		if _, err := vevent(*e, p.loc(e.TimeZone), p.loc(p.ridZone(*e))); err != nil {
			return nil, fmt.Errorf("event %d (%q): %w", i, e.UID, err)
		}
	}

	from, to := span(f)
	names := make([]string, 0, len(used))
	for name := range used {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		cal.Children = append(cal.Children, Timezone(used[name], from, to))
	}
	if len(events) == 0 && len(names) == 0 {
		// RFC 5545 wants at least one component in a calendar; an empty
		// feed carries the definition of UTC, which every client accepts.
		utc, _ := time.LoadLocation("Etc/UTC")
		cal.Children = append(cal.Children, Timezone(utc, from, to))
	}
	p.head = cal
	return p, nil
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
