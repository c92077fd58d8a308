package programming

import (
	"context"
	"fmt"
	"github.com/trellis-community/trellis/internal/apperr"
	"strings"

	"github.com/trellis-community/trellis/internal/calendar"
	"github.com/trellis-community/trellis/internal/store"
)

// uidDomain ends every event UID: constant, so UIDs stay the same
// whatever address the server is reached at.
const uidDomain = "programming.trellis"

// SessionUID is the iCalendar UID of a session or series.
func SessionUID(id int64) string { return fmt.Sprintf("session-%d@%s", id, uidDomain) }

// CalendarEvents is a calendar.Source: the events of every session of the
// community (programmeID 0) or of one programme. A single session is one
// event; a series is its master (RRULE, with EXDATE for skipped and moved
// occurrences) plus one event per moved or cancelled occurrence, under the
// series' UID with RecurrenceID set to the occurrence's original start.
// One programme's feed is named after it; an unknown programme is
// NotFound.
func (s *Service) CalendarEvents(ctx context.Context, programmeID int64) (calendar.Listing, error) {
	query := "SELECT " + sessionColumns + sessionFrom
	var args []any
	if programmeID != 0 {
		query += " WHERE s.programme_id = ?"
		args = append(args, programmeID)
	}
	list, err := loadSessions(ctx, s.DB, query+" ORDER BY s.starts_at, s.id", args...)
	if err != nil {
		return calendar.Listing{}, store.Wrap(err, "Could not list the calendar's sessions.")
	}
	progs, err := s.programmeTexts(ctx, programmeID)
	if err != nil {
		return calendar.Listing{}, err
	}
	var l calendar.Listing
	if programmeID != 0 {
		p, ok := progs[programmeID]
		if !ok {
			return calendar.Listing{}, apperr.NotFoundf("There is no programme with id %d.", programmeID)
		}
		l.Name = p.title
	}
	l.Events = []calendar.Event{}
	for _, x := range list {
		l.Events = append(l.Events, sessionEvents(x, progs[x.ProgrammeID].description)...)
	}
	return l, nil
}

// programmeText is what a feed shows of a programme.
type programmeText struct{ title, description string }

// programmeTexts reads each programme's title (a programme feed's name)
// and description (plain Markdown text serves as plain text) for the
// events' DESCRIPTION.
func (s *Service) programmeTexts(ctx context.Context, programmeID int64) (map[int64]programmeText, error) {
	query, args := "SELECT id, title, description FROM programmes", []any{}
	if programmeID != 0 {
		query += " WHERE id = ?"
		args = append(args, programmeID)
	}
	rows, err := s.DB.Query(ctx, query, args...)
	if err != nil {
		return nil, store.Wrap(err, "Could not list the calendar's sessions.")
	}
	defer rows.Close()
	out := map[int64]programmeText{}
	for rows.Next() {
		var id int64
		var t programmeText
		if err := rows.Scan(&id, &t.title, &t.description); err != nil {
			return nil, store.Wrap(err, "Could not list the calendar's sessions.")
		}
		out[id] = t
	}
	return out, store.Wrap(rows.Err(), "Could not list the calendar's sessions.")
}

func sessionEvents(x Session, description string) []calendar.Event {
	location := x.Location
	if location == "" && x.JoinURL != "" {
		location = x.JoinURL
	}
	desc := strings.TrimSpace(description)
	if x.JoinURL != "" {
		desc = strings.TrimSpace(desc + "\n\nJoin: " + x.JoinURL)
	}
	master := calendar.Event{
		UID: SessionUID(x.ID), Sequence: x.Sequence, Updated: x.UpdatedAt,
		Summary: x.Name(), Description: desc, Location: location, URL: x.JoinURL,
		Start: x.Start, End: x.End, TimeZone: x.TimeZone, RRule: x.RRule,
		Cancelled: x.Status == SessionCancelled,
	}
	out := []calendar.Event{master}
	for _, e := range x.Exceptions {
		orig := e.OriginalStart
		switch e.Action {
		case Skip:
			out[0].ExDates = append(out[0].ExDates, orig)
		case Move:
			out[0].ExDates = append(out[0].ExDates, orig)
			ev := master
			ev.RRule, ev.ExDates = "", nil
			ev.Start, ev.End, ev.RecurrenceID = *e.Start, *e.End, &orig
			out = append(out, ev)
		case CancelOne:
			ev := master
			ev.RRule, ev.ExDates = "", nil
			ev.Start, ev.End, ev.RecurrenceID, ev.Cancelled = orig, orig.Add(x.End.Sub(x.Start)), &orig, true
			out = append(out, ev)
		}
	}
	return out
}

// CalendarEvents must stay a calendar.Source.
var _ calendar.Source = (*Service)(nil).CalendarEvents
