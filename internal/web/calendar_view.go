package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
)

// The calendar shows every occurrence of every session, series expanded,
// as a month (a grid of weeks) or as an agenda of the coming weeks. Times
// are in the viewer's zone (the community's: team users have none of
// their own yet) and in UTC.

// calendarDay is one day of the month grid or the agenda.
type calendarDay struct {
	Date    string // YYYY-MM-DD
	Label   string // "Tue 3 Mar"
	Num     int
	InMonth bool
	Today   bool
	Items   []occurrenceRow
}

type calendarPage struct {
	Zone      string
	Month     string // "March 2026"
	Prev      string // links
	Next      string
	Weeks     [][]calendarDay
	Days      []calendarDay // the agenda's days with sessions
	WeekCount int
	Weekdays  []string
	From, To  string
}

const maxAgendaWeeks = 26

// calendarMonth shows ?month=YYYY-MM (this month by default).
func (s *Server) calendarMonth(w http.ResponseWriter, r *http.Request) {
	loc := s.app.Location
	now := s.app.Now().In(loc)
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, loc)
	if raw := strings.TrimSpace(r.URL.Query().Get("month")); raw != "" {
		t, err := time.ParseInLocation("2006-01", raw, loc)
		if err != nil || t.Year() < 1970 || t.Year() > 9000 {
			s.renderError(w, r, fieldErr("month", "must be a month, YYYY-MM"))
			return
		}
		first = t
	}
	// The grid runs Monday to Sunday around the month.
	start := first.AddDate(0, 0, -((int(first.Weekday()) + 6) % 7))
	end := first.AddDate(0, 1, 0)
	end = end.AddDate(0, 0, (7-(int(end.Weekday())+6)%7)%7)
	occ, err := s.app.Programming.Occurrences(r.Context(), start, end, 0)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	byDay := groupByDay(occurrenceRows(occ, loc, nil))
	p := calendarPage{Zone: loc.String(), Month: first.Format("January 2006"),
		Prev: "/calendar?month=" + first.AddDate(0, -1, 0).Format("2006-01"), Next: "/calendar?month=" + first.AddDate(0, 1, 0).Format("2006-01"),
		Weekdays: []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}}
	today := now.Format("2006-01-02")
	var week []calendarDay
	for d := start; d.Before(end); d = d.AddDate(0, 0, 1) {
		key := d.Format("2006-01-02")
		week = append(week, calendarDay{Date: key, Label: d.Format("Mon 2 Jan"), Num: d.Day(), InMonth: d.Month() == first.Month(),
			Today: key == today, Items: byDay[key]})
		if len(week) == 7 {
			p.Weeks = append(p.Weeks, week)
			week = nil
		}
	}
	s.render(w, r, http.StatusOK, "calendar_month", view{Title: "Calendar: " + p.Month, Nav: "programming", Data: p})
}

func groupByDay(rows []occurrenceRow) map[string][]occurrenceRow {
	out := map[string][]occurrenceRow{}
	for _, r := range rows {
		out[r.Day] = append(out[r.Day], r)
	}
	return out
}

// calendarAgenda lists the occurrences of the next ?weeks= weeks (4 by
// default, at most 26), day by day, from today.
func (s *Server) calendarAgenda(w http.ResponseWriter, r *http.Request) {
	loc := s.app.Location
	now := s.app.Now().In(loc)
	weeks := 4
	if raw := strings.TrimSpace(r.URL.Query().Get("weeks")); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > maxAgendaWeeks {
			s.renderError(w, r, fieldErr("weeks", "must be a number of weeks from 1 to 26"))
			return
		}
		weeks = n
	}
	from := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	to := from.AddDate(0, 0, 7*weeks)
	occ, err := s.app.Programming.Occurrences(r.Context(), from, to, 0)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	rows := occurrenceRows(occ, loc, nil)
	p := calendarPage{Zone: loc.String(), WeekCount: weeks, From: from.Format("2006-01-02"), To: to.AddDate(0, 0, -1).Format("2006-01-02")}
	for _, row := range rows {
		if n := len(p.Days); n == 0 || p.Days[n-1].Date != row.Day {
			d, _ := time.ParseInLocation("2006-01-02", row.Day, loc)
			p.Days = append(p.Days, calendarDay{Date: row.Day, Label: d.Format("Monday 2 January 2006")})
		}
		p.Days[len(p.Days)-1].Items = append(p.Days[len(p.Days)-1].Items, row)
	}
	s.render(w, r, http.StatusOK, "calendar_agenda", view{Title: "Agenda", Nav: "programming", Data: p})
}

func fieldErr(field, msg string) error {
	var fe apperr.FieldErrors
	fe.Add(field, "%s", msg)
	return fe.Err()
}
