package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/programming"
)

// The attendance page of one occurrence: /sessions/{id}/attendance for a
// single session, ?at=2026-03-03T16:00 (the date's original start in the
// session's zone) for one date of a series. Everything that changes it is
// a POST carrying "at" in its body; searching for members is a POST too,
// so names and addresses typed never land in a URL.

// attendancePage is what the attendance page shows.
type attendancePage struct {
	programming.Attendance
	Session  programming.Session
	When     occurrenceRow
	At       string // the occurrence's name, for forms and links
	Path     string // this page's address
	Started  bool   // attendance can be recorded (started, not cancelled)
	Parts    []programming.Part
	Regulars []programming.Regular
	Find     string
	Searched bool
	Found    []memberChoice
	// Duplicates are existing members who may be the person being added
	// as new; the new-member form is shown again beside them.
	Duplicates []members.Duplicate
}

// regularsShown bounds the regulars offered for ticking.
const regularsShown = 30

// attendancePath is the attendance page of occurrence at of session id.
func attendancePath(id int64, at string) string {
	p := "/sessions/" + strconv.FormatInt(id, 10) + "/attendance"
	if at != "" {
		p += "?" + url.Values{"at": {at}}.Encode()
	}
	return p
}

// attendanceShow shows one occurrence's list.
func (s *Server) attendanceShow(w http.ResponseWriter, r *http.Request) {
	s.renderAttendance(w, r, http.StatusOK, r.URL.Query().Get("at"), view{}, nil)
}

// renderAttendance shows the attendance page of occurrence at with the
// values and problems in v; fill, when not nil, adds to the page (search
// results, duplicates).
func (s *Server) renderAttendance(w http.ResponseWriter, r *http.Request, status int, at string, v view, fill func(*attendancePage) error) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	ctx := r.Context()
	x, err := s.app.Programming.GetSession(ctx, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	a, err := s.app.Programming.GetAttendance(ctx, id, strings.TrimSpace(at))
	if err != nil {
		// A date that is not one of the session's names no page.
		s.renderError(w, r, notFoundIfInvalid(err))
		return
	}
	o := a.Occurrence
	p := attendancePage{Attendance: a, Session: x, At: o.OccurrenceName(), Parts: programming.Parts(),
		Started: !o.Cancelled && !o.Start.After(s.now())}
	p.Path = attendancePath(id, p.At)
	p.When = occurrenceRows([]programming.Occurrence{o}, s.app.Location, map[int64]bool{id: x.Recurring()})[0]
	if p.Regulars, err = s.app.Programming.Regulars(ctx, o, regularsShown); err != nil {
		s.renderError(w, r, err)
		return
	}
	if fill != nil {
		if err := fill(&p); err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	v.Title = "Attendance: " + o.Title + ", " + o.Start.In(s.app.Location).Format("2 Jan 2006")
	v.Nav, v.Data = "programming", p
	s.render(w, r, status, "attendance", v)
}

// notFoundIfInvalid turns a date that is not one of the session's (an
// Invalid naming "occurrence") into NotFound: a link or a form named a page
// that does not exist. Other errors pass unchanged.
func notFoundIfInvalid(err error) error {
	if e, ok := asInvalid(err); ok && e.Fields["occurrence"] != "" {
		return apperr.NotFoundf("This session has no such date: %s.", e.Fields["occurrence"])
	}
	return err
}
