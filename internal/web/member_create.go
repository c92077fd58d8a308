package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/httpx"
	"github.com/trellis-community/trellis/internal/members"
)

// memberFormData is the member form: where it posts, and, when adding,
// the existing records that may be the same person.
type memberFormData struct {
	Title      string
	Action     string
	Submit     string // the button's words
	Cancel     string // where Cancel goes
	Duplicates []members.Duplicate
	Options    memberOptions
}

func (s *Server) memberNew(w http.ResponseWriter, r *http.Request) {
	v := view{Form: url.Values{"status": {string(members.StatusActive)}}}
	s.renderMemberForm(w, r, http.StatusOK, v, newMemberForm())
}

func newMemberForm() memberFormData {
	return memberFormData{Title: "Add a member", Action: "/members", Submit: "Add member", Cancel: "/members", Options: memberFormOptions()}
}

// memberCreate adds a member. Before saving it looks for records that may
// be the same person (same email, ORCID iD, account elsewhere or name, or a
// close name at the same affiliation) and, if it finds any, shows them
// (409) with the reasons and everything typed kept, until the form comes
// back with confirm_duplicate=1; the records it listed (distinct_from) are
// then marked as different people from the new one.
func (s *Server) memberCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	ctx := r.Context()
	d := newMemberForm()
	in := parseMemberForm(r.PostForm)
	m, err := members.Validate(in.Member)
	if s.memberFormInvalid(w, r, in, err, d) {
		return
	}
	if r.PostForm.Get("confirm_duplicate") != "1" {
		dups, err := s.app.Members.FindDuplicates(ctx, m)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if len(dups) > 0 {
			d.Duplicates = dups
			s.renderMemberForm(w, r, http.StatusConflict, view{Form: r.PostForm}, d)
			return
		}
	}
	// Confirming past the warning says this is not any of the people it
	// listed (distinct_from): remember that, so they are not offered as
	// duplicates of each other again.
	var distinct []int64
	if r.PostForm.Get("confirm_duplicate") == "1" {
		for _, v := range r.PostForm["distinct_from"] {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil || id <= 0 {
				s.renderError(w, r, apperr.New(apperr.Invalid, "distinct_from must be member ids, not %q.", v))
				return
			}
			distinct = append(distinct, id)
		}
	}
	created, err := s.app.Members.Create(ctx, in.Member)
	if s.memberFormInvalid(w, r, in, err, d) {
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
	s.redirect(w, r, memberPath(created.ID), "Added "+created.Name+".")
}

// memberFormInvalid re-renders the form (422) with every problem beside
// its field and what was typed kept, when the form could not be read or
// err is invalid input. It reports whether it did.
func (s *Server) memberFormInvalid(w http.ResponseWriter, r *http.Request, in memberInput, err error, d memberFormData) bool {
	if err != nil && !apperr.Is(err, apperr.Invalid) {
		return false
	}
	errs := in.fieldErrors(err)
	if errs == nil {
		if err == nil {
			return false
		}
		// Invalid but naming no field: say it above the form.
		_, msg, _ := httpx.Public(err)
		s.renderMemberForm(w, r, http.StatusUnprocessableEntity, view{Form: r.PostForm, FormError: msg}, d)
		return true
	}
	v := view{Form: r.PostForm, Errors: errs, FormError: "Please correct the highlighted fields."}
	s.renderMemberForm(w, r, http.StatusUnprocessableEntity, v, d)
	return true
}

func (s *Server) renderMemberForm(w http.ResponseWriter, r *http.Request, status int, v view, d memberFormData) {
	v.Title, v.Nav, v.Data = d.Title, "members", d
	s.render(w, r, status, "member_form", v)
}
