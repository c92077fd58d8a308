package web

import (
	"net/http"
	"time"

	"github.com/trellis-community/trellis/internal/content"
)

// contentBoardPage is the board: one column per status.
type contentBoardPage struct {
	Columns  []content.Column
	Statuses []content.Status
	Today    string
	Limit    int
}

// contentBoard shows every item by status, newest first in each column.
// Each card moves with a small form: no JavaScript needed.
func (s *Server) contentBoard(w http.ResponseWriter, r *http.Request) {
	cols, err := s.app.Content.Board(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := contentBoardPage{Columns: cols, Statuses: content.Statuses(), Today: s.today(), Limit: content.BoardColumnLimit}
	s.render(w, r, http.StatusOK, "content_board", view{Title: "Content board", Nav: "content", Data: p})
}

// contentCalendarPage is one month of the content calendar.
type contentCalendarPage struct {
	Month     string // "March 2026"
	Prev      string // YYYY-MM
	Next      string
	Days      []contentDay
	Truncated bool
	Today     string
}

// contentDay is one day of the month with what is dated on it.
type contentDay struct {
	Date  string
	Items []content.Item
}

// contentCalendar shows a month (?month=YYYY-MM, this month by default)
// of content by its date, published or planned, with links to the months
// before and after. Only days with content are listed, so the page reads
// as an agenda on a phone.
func (s *Server) contentCalendar(w http.ResponseWriter, r *http.Request) {
	start, err := s.app.Content.ParseMonth(r.URL.Query().Get("month"))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	m, err := s.app.Content.Month(r.Context(), start)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := contentCalendarPage{Month: start.Format("January 2006"), Prev: start.AddDate(0, -1, 0).Format("2006-01"),
		Next: start.AddDate(0, 1, 0).Format("2006-01"), Truncated: m.Truncated, Today: s.today()}
	for d := start; d.Month() == start.Month(); d = d.AddDate(0, 0, 1) {
		day := contentDay{Date: d.Format(time.DateOnly)}
		for _, it := range m.Items {
			if it.On() == day.Date {
				day.Items = append(day.Items, it)
			}
		}
		if len(day.Items) > 0 {
			p.Days = append(p.Days, day)
		}
	}
	s.render(w, r, http.StatusOK, "content_calendar", view{Title: "Content calendar: " + p.Month, Nav: "content", Data: p})
}
