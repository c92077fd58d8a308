package web

import (
	"net/http"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/httpx"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/programming"
)

// attendanceNewMember adds someone who is not a member yet (name, email,
// affiliation) as a new member and puts them on the list. Like the member
// form, it first looks for records that may be the same person and, if
// it finds any, shows them with the reasons (409): the manager adds the
// existing member instead, or confirms (confirm_duplicate=1) that this is
// someone else, and the records listed (distinct_from) are remembered as
// different people.
func (s *Server) attendanceNewMember(w http.ResponseWriter, r *http.Request) {
	x, at, ok := s.attendanceForm(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	// The date must be one of the session's before anyone is created.
	a, err := s.app.Programming.GetAttendance(ctx, x.ID, at)
	if err != nil {
		s.renderError(w, r, notFoundIfInvalid(err))
		return
	}
	f := r.PostForm
	in := members.Member{Name: f.Get("name"), Affiliation: f.Get("affiliation"), Status: members.StatusActive,
		Source: "Came to " + a.Occurrence.Title}
	if email := strings.TrimSpace(f.Get("email")); email != "" {
		in.Emails = []members.Email{{Address: email, Primary: true}}
	}
	m, err := members.Validate(in)
	if e, ok := asInvalid(err); ok {
		s.renderAttendance(w, r, http.StatusUnprocessableEntity, at, view{Form: f, Errors: newMemberErrors(e), FormError: "Please correct the highlighted fields."}, nil)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if f.Get("confirm_duplicate") != "1" {
		dups, err := s.app.Members.FindDuplicates(ctx, m)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if len(dups) > 0 {
			s.renderAttendance(w, r, http.StatusConflict, at, view{Form: f}, func(p *attendancePage) error {
				p.Duplicates = dups
				return nil
			})
			return
		}
	}
	var distinct []int64
	if f.Get("confirm_duplicate") == "1" {
		distinct = formIDs(f["distinct_from"])
	}
	created, err := s.app.Members.Create(ctx, in)
	if e, ok := asInvalid(err); ok {
		s.renderAttendance(w, r, http.StatusUnprocessableEntity, at, view{Form: f, Errors: newMemberErrors(e), FormError: "Please correct the highlighted fields."}, nil)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	for _, id := range distinct {
		// A listed record deleted meanwhile needs no decision.
		if err := s.app.Members.MarkDistinct(ctx, created.ID, id); err != nil && !apperr.Is(err, apperr.NotFound) {
			s.renderError(w, r, err)
			return
		}
	}
	entry := programming.AttendanceInput{MemberID: created.ID}
	if f.Get("came") == "yes" {
		entry.Attended = new(programming.AttendedYes)
	}
	back := attendancePath(x.ID, a.Occurrence.OccurrenceName())
	if _, err := s.app.Programming.RecordOne(ctx, x.ID, at, entry); err != nil {
		// The member exists now; say so rather than hide it.
		_, msg, _ := httpx.Public(err)
		s.redirectProblem(w, r, back, "Added "+created.Name+" as a member, but not to this list: "+msg)
		return
	}
	s.redirect(w, r, back, "Added "+created.Name+" as a new member and to this list.")
}

// newMemberErrors puts the domain's problems with a new member on the
// three fields the form has.
func newMemberErrors(e *apperr.Error) map[string]string {
	out := map[string]string{}
	for k, msg := range e.Fields {
		switch {
		case strings.HasPrefix(k, "emails"):
			out["email"] = msg
		case k == "name" || k == "affiliation":
			out[k] = msg
		default:
			out["name"] = k + ": " + msg
		}
	}
	if len(out) == 0 {
		out["name"] = e.Message
	}
	return out
}
