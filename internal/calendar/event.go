package calendar

import (
	"context"
	"time"
)

// Event is one entry of a feed: a single session, the master of a
// recurring series, or one changed occurrence of a series.
type Event struct {
	// UID stays the same for the life of the session or series, across
	// edits, so clients update the entry instead of adding a second one.
	UID string
	// Sequence grows by one each time the date, time or status changes
	// (RFC 5545 3.8.7.4), so clients apply the newest version.
	Sequence int
	// Updated is when the event last changed (DTSTAMP / LAST-MODIFIED).
	Updated time.Time

	Summary     string
	Description string // plain text
	Location    string
	URL         string

	// Start and End are instants; TimeZone is the IANA zone the session
	// is planned in ("Europe/Berlin"), which a recurring series needs so
	// "16:00 every first Tuesday" stays 16:00 across daylight saving. An
	// empty TimeZone writes the times in UTC.
	Start, End time.Time
	TimeZone   string

	// RRule is the series' recurrence rule as RFC 5545 text without the
	// "RRULE:" prefix ("FREQ=MONTHLY;BYDAY=1TU"), empty for a single
	// session. ExDates are the original starts of occurrences that do not
	// take place (skipped, or moved: a moved one is its own Event).
	RRule   string
	ExDates []time.Time

	// RecurrenceID is set on an occurrence of a series that was moved or
	// changed: the original start it replaces. Its UID is the series'.
	RecurrenceID *time.Time

	// Cancelled marks a session (or one occurrence) that will not take
	// place: STATUS:CANCELLED, kept in the feed so clients remove it.
	Cancelled bool
}

// Listing is what a Source answers: the events, and the feed's name as
// calendar clients show it (empty for the default name).
type Listing struct {
	Name   string
	Events []Event
}

// Source lists the events of the whole community's calendar
// (programmeID 0) or of one programme, and returns an apperr NotFound for
// a programme that does not exist. Programming provides it; the app wires
// it in.
type Source func(ctx context.Context, programmeID int64) (Listing, error)
