package web

import (
	"net/http"
	"slices"
	"time"

	"github.com/trellis-community/trellis/internal/programming"
)

// Times on programming pages are shown in the viewer's time zone and in
// UTC. Team users have no time zone of their own yet, so the viewer's zone
// is the community's (TRELLIS_TIMEZONE), and each page says so.

// occurrenceRow is one occurrence as pages show it.
type occurrenceRow struct {
	programming.Occurrence
	Local    string // in the viewer's zone: "Tue 3 Mar 2026, 16:00–17:00"
	UTC      string // "15:00–16:00 UTC" (with the date when it differs)
	Own      string // in the session's own zone, when that differs from the viewer's
	ISO      string // for <time datetime>
	Original string // the original start in the session's zone, to name it in forms
	Series   bool
	Day      string // YYYY-MM-DD in the viewer's zone
	Time     string // the start in the viewer's zone, "16:00"
	UTCTime  string // the start in UTC, "15:00" (with the day when it differs)
	// Attendance is its attendance page; Counts its list's numbers, where
	// the page shows them.
	Attendance string
	Counts     programming.Counts
}

func occurrenceRows(list []programming.Occurrence, loc *time.Location, series map[int64]bool) []occurrenceRow {
	out := make([]occurrenceRow, len(list))
	for i, o := range list {
		r := occurrenceRow{Occurrence: o, Series: series[o.SessionID]}
		r.Local = spanLabel(o.Start.In(loc), o.End.In(loc), true)
		r.UTC = spanLabel(o.Start.UTC(), o.End.UTC(), o.Start.In(loc).YearDay() != o.Start.UTC().YearDay()) + " UTC"
		if o.TimeZone != loc.String() {
			r.Own = spanLabel(o.Start, o.End, o.Start.YearDay() != o.Start.In(loc).YearDay()) + " " + o.TimeZone
		}
		r.ISO = o.Start.UTC().Format(time.RFC3339)
		r.Day = o.Start.In(loc).Format("2006-01-02")
		r.Time, r.UTCTime = o.Start.In(loc).Format("15:04"), o.Start.UTC().Format("15:04")
		if o.Start.UTC().YearDay() != o.Start.In(loc).YearDay() {
			r.UTCTime = o.Start.UTC().Format("Mon 15:04")
		}
		if o.OriginalStart != nil {
			r.Original = o.OriginalStart.Format("2006-01-02T15:04")
		}
		r.Attendance = attendancePath(o.SessionID, o.OccurrenceName())
		out[i] = r
	}
	return out
}

// spanLabel is "Tue 3 Mar 2026, 16:00–17:00", or just the times.
func spanLabel(start, end time.Time, withDate bool) string {
	s := start.Format("15:04") + "–" + end.Format("15:04")
	if end.Sub(start) >= 24*time.Hour || end.YearDay() != start.YearDay() && !(end.Hour() == 0 && end.Minute() == 0) {
		s = start.Format("15:04") + "–" + end.Format("Mon 2 Jan 15:04")
	}
	if withDate {
		return start.Format("Mon 2 Jan 2006") + ", " + s
	}
	return s
}

// programmeShowPage is one programme in full.
type programmeShowPage struct {
	programming.Programme
	Sessions []sessionRow
	Upcoming []occurrenceRow
	Past     []occurrenceRow
	Zone     string
	// Reach is the attendance of the past year's dates.
	Reach programmeReach
}

// programmeReach sums a programme's attendance.
type programmeReach struct {
	Dates      int // past dates in the year
	Registered int
	Came       int
	People     int // different members who ever came
}

// PerDate is the average attendance of a past date, rounded.
func (r programmeReach) PerDate() int {
	if r.Dates == 0 {
		return 0
	}
	return (r.Came + r.Dates/2) / r.Dates
}

// sessionRow is a session or series as the programme page lists it.
type sessionRow struct {
	programming.Session
	When    string
	Repeats string
	Changes int
}

// pastShown bounds the past occurrences a programme page lists.
const pastShown = 12

// programmeShow shows a programme: its facts, hosts, goals, and its
// sessions, upcoming (the next six months) and past (the last year).
func (s *Server) programmeShow(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	ctx := r.Context()
	p, err := s.app.Programming.GetProgramme(ctx, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	sessions, err := s.app.Programming.ListSessions(ctx, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	loc := s.app.Location
	now := s.app.Now()
	past, err := s.app.Programming.Occurrences(ctx, now.AddDate(-1, 0, 0), now, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	upcoming, err := s.app.Programming.Occurrences(ctx, now, now.AddDate(0, 6, 0), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	series := map[int64]bool{}
	page := programmeShowPage{Programme: p, Zone: loc.String()}
	for _, x := range sessions {
		series[x.ID] = x.Recurring()
		page.Sessions = append(page.Sessions, sessionRow{Session: x, When: spanLabel(x.Start, x.End, true) + " " + x.TimeZone,
			Repeats: x.Repeats(), Changes: len(x.Exceptions)})
	}
	counts, people, err := s.app.Programming.ProgrammeAttendance(ctx, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	page.Reach = programmeReach{Dates: len(past), People: people}
	for _, o := range past {
		c := counts[o.Key()]
		page.Reach.Registered += c.Registered
		page.Reach.Came += c.Attended
	}
	slices.Reverse(past)
	if len(past) > pastShown {
		past = past[:pastShown]
	}
	page.Past = occurrenceRows(past, loc, series)
	page.Upcoming = occurrenceRows(upcoming, loc, series)
	for _, rows := range [][]occurrenceRow{page.Past, page.Upcoming} {
		for i := range rows {
			rows[i].Counts = counts[rows[i].Key()]
		}
	}
	s.render(w, r, http.StatusOK, "programme_show", view{Title: p.Title, Nav: "programming", Data: page})
}
