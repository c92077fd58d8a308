package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/relationships"
)

// The follow-up buttons (Complete, Reopen, Snooze) sit on lists: the
// dashboard, the follow-up tabs, an interaction. Each posts a hidden "back"
// field naming the page it sits on and returns there, with a flash saying
// what happened, or why it could not.

// followUpComplete marks a follow-up done.
func (s *Server) followUpComplete(w http.ResponseWriter, r *http.Request) {
	s.followUpChange(w, r, func(id int64) (relationships.FollowUp, string, error) {
		f, err := s.app.Relationships.CompleteFollowUp(r.Context(), id)
		return f, "Done: " + f.What, err
	})
}

// followUpReopen puts a done follow-up back on the open list.
func (s *Server) followUpReopen(w http.ResponseWriter, r *http.Request) {
	s.followUpChange(w, r, func(id int64) (relationships.FollowUp, string, error) {
		f, err := s.app.Relationships.ReopenFollowUp(r.Context(), id)
		return f, "Reopened: " + f.What, err
	})
}

// followUpSnooze puts a follow-up off until the date in "until", or by
// "days" days from today (the dashboard's "Snooze 1 week" sends days=7).
func (s *Server) followUpSnooze(w http.ResponseWriter, r *http.Request) {
	s.followUpChange(w, r, func(id int64) (relationships.FollowUp, string, error) {
		until := strings.TrimSpace(r.PostForm.Get("until"))
		if days, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("days"))); until == "" && err == nil && days > 0 && days <= 366 {
			until = addDays(s.today(), days)
		}
		f, err := s.app.Relationships.SnoozeFollowUp(r.Context(), id, until)
		return f, "Snoozed until " + dayLabel(f.DueOn) + ": " + f.What, err
	})
}

// followUpChange runs one change on the follow-up named in the path and
// goes back. An unknown follow-up is a 404 page; a change the domain
// refuses (snoozing a done one, or to a date already past) goes back with
// the reason, since the list it came from is where to act on it.
func (s *Server) followUpChange(w http.ResponseWriter, r *http.Request, change func(id int64) (relationships.FollowUp, string, error)) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	back := localPath(r.PostForm.Get("back"), "/followups")
	_, msg, err := change(id)
	if e, ok := asInvalid(err); ok {
		reason := e.Message
		if why, ok := e.Fields["until"]; ok {
			reason = "Could not snooze: the new due date " + why + "."
		}
		s.setFlash(w, flash{Kind: "error", Message: reason})
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, back, msg+".")
}
