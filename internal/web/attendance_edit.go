package web

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/programming"
)

// Changing an occurrence's list. The marking form sends, for every person
// it showed, the state it showed ("was.ID") beside the ticked boxes
// ("came"), and only what the person changed is written: two people
// ticking different names at once both keep their ticks.

// attendanceAdd adds the ticked members (member) to the list with the
// chosen part (role) and, when came is "yes", as having come.
func (s *Server) attendanceAdd(w http.ResponseWriter, r *http.Request) {
	x, at, ok := s.attendanceForm(w, r)
	if !ok {
		return
	}
	var people []programming.AttendanceInput
	role := programming.Part(r.PostForm.Get("role"))
	for _, id := range formIDs(r.PostForm["member"]) {
		in := programming.AttendanceInput{MemberID: id}
		if role != "" {
			in.Role = &role
		}
		if r.PostForm.Get("came") == "yes" {
			in.Attended = new(programming.AttendedYes)
		}
		people = append(people, in)
	}
	if len(people) == 0 {
		s.redirectProblem(w, r, attendancePath(x.ID, at), "Tick at least one member to add.")
		return
	}
	a, err := s.app.Programming.RecordAttendance(r.Context(), x.ID, at, people)
	if s.attendanceFailed(w, r, x.ID, at, err) {
		return
	}
	s.redirect(w, r, attendancePath(x.ID, a.Occurrence.OccurrenceName()),
		fmt.Sprintf("Added %s. %d on the list.", plural(len(people), "person", "people"), a.Registered))
}

// attendanceMark records who came: ticked people as having come, people
// shown ticked and now unticked as not, and with rest=no everyone shown
// unticked and not recorded as not having come either.
func (s *Server) attendanceMark(w http.ResponseWriter, r *http.Request) {
	x, at, ok := s.attendanceForm(w, r)
	if !ok {
		return
	}
	came := formIDs(r.PostForm["came"])
	rest := r.PostForm.Get("rest") == "no"
	var people []programming.AttendanceInput
	var shown []string
	for k := range r.PostForm {
		if id, ok := strings.CutPrefix(k, "was."); ok {
			shown = append(shown, id)
		}
	}
	slices.Sort(shown)
	for _, id := range formIDs(shown) {
		was := programming.Attended(r.PostForm.Get(fmt.Sprintf("was.%d", id)))
		now := was
		switch ticked := slices.Contains(came, id); {
		case ticked:
			now = programming.AttendedYes
		case was == programming.AttendedYes:
			now = programming.AttendedNo
		case rest && was == programming.AttendedUnknown:
			now = programming.AttendedNo
		}
		if now != was {
			people = append(people, programming.AttendanceInput{MemberID: id, Attended: &now})
		}
	}
	back := attendancePath(x.ID, at)
	if len(people) == 0 {
		s.redirect(w, r, back, "Nothing to change.")
		return
	}
	a, err := s.app.Programming.RecordAttendance(r.Context(), x.ID, at, people)
	if s.attendanceFailed(w, r, x.ID, at, err) {
		return
	}
	s.redirect(w, r, back, fmt.Sprintf("Saved. %d of %d came.", a.Attended, a.Registered))
}

// attendanceRemove takes one member off the list.
func (s *Server) attendanceRemove(w http.ResponseWriter, r *http.Request) {
	x, at, ok := s.attendanceForm(w, r)
	if !ok {
		return
	}
	back := attendancePath(x.ID, at)
	err := s.app.Programming.RemoveAttendee(r.Context(), x.ID, at, formID(r.PostForm.Get("member")))
	if apperr.Is(err, apperr.NotFound) {
		s.redirectProblem(w, r, back, "They are not on the list any more; someone may have removed them meanwhile.")
		return
	}
	if s.attendanceFailed(w, r, x.ID, at, err) {
		return
	}
	s.redirect(w, r, back, "Taken off the list.")
}

// attendanceFind shows the page again with the members matching find, to
// add.
func (s *Server) attendanceFind(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	find := strings.TrimSpace(r.PostForm.Get("find"))
	v := view{Form: r.PostForm}
	status := http.StatusOK
	if find == "" {
		status, v.Errors = http.StatusUnprocessableEntity, map[string]string{"find": "Type part of a name, an email address or an affiliation."}
	}
	s.renderAttendance(w, r, status, r.PostForm.Get("at"), v, func(p *attendancePage) error {
		p.Find = find
		if find == "" {
			return nil
		}
		res, err := s.app.Members.List(r.Context(), members.Filter{Q: find}, members.Page{Limit: memberSearchLimit})
		if err != nil {
			return err
		}
		p.Searched = true
		for _, m := range res.Members {
			if !slices.ContainsFunc(p.People, func(a programming.Attendee) bool { return a.MemberID == m.ID }) {
				p.Found = append(p.Found, memberChoice{ID: m.ID, Name: m.DisplayName(), Detail: m.Affiliation})
			}
		}
		return nil
	})
}

// attendanceForm reads a POSTed attendance form and its session; on
// failure it has shown the error page.
func (s *Server) attendanceForm(w http.ResponseWriter, r *http.Request) (programming.Session, string, bool) {
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return programming.Session{}, "", false
	}
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return programming.Session{}, "", false
	}
	x, err := s.app.Programming.GetSession(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return x, "", false
	}
	return x, strings.TrimSpace(r.PostForm.Get("at")), true
}

// attendanceFailed shows what went wrong with a change, if anything: a
// date that is not the session's is not found; other problems go back to
// the page in words. It reports whether err was an error.
func (s *Server) attendanceFailed(w http.ResponseWriter, r *http.Request, id int64, at string, err error) bool {
	if err == nil {
		return false
	}
	if e, ok := asInvalid(err); ok && e.Fields["occurrence"] == "" {
		msg := e.Message
		for _, k := range slices.Sorted(maps.Keys(e.Fields)) {
			msg = e.Fields[k]
			break
		}
		s.redirectProblem(w, r, attendancePath(id, at), "Nothing was changed: "+msg+".")
		return true
	}
	s.renderError(w, r, notFoundIfInvalid(err))
	return true
}
