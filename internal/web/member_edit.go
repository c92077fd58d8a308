package web

import (
	"net/http"
	"strconv"

	"github.com/trellis-community/trellis/internal/members"
)

func editMemberForm(m members.Member) memberFormData {
	return memberFormData{Title: "Edit " + m.Name, Action: memberPath(m.ID), Submit: "Save", Cancel: memberPath(m.ID), Options: memberFormOptions()}
}

// memberEdit shows the member form filled in with what is recorded.
func (s *Server) memberEdit(w http.ResponseWriter, r *http.Request) {
	m, ok := s.loadMember(w, r)
	if !ok {
		return
	}
	form := memberFormValues(m)
	form.Set("version", strconv.FormatInt(m.Version, 10))
	s.renderMemberForm(w, r, http.StatusOK, view{Form: form}, editMemberForm(m))
}

// memberUpdate saves the edit form over the member's record (every field
// is replaced: a cleared field is cleared), provided no one changed the
// record since the form was opened; otherwise the form comes back, as
// typed, with what changed (409).
func (s *Server) memberUpdate(w http.ResponseWriter, r *http.Request) {
	m, ok := s.loadMember(w, r)
	if !ok {
		return
	}
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	in := parseMemberForm(r.PostForm)
	in.Member.ID = m.ID
	d := editMemberForm(m)
	version, err := formVersion(r.PostForm)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	in.Member.Version = version
	_, err = members.Validate(in.Member)
	if s.memberFormInvalid(w, r, in, err, d) {
		return
	}
	_, err = s.app.Members.Update(r.Context(), in.Member)
	if s.memberFormInvalid(w, r, in, err, d) {
		return
	}
	if notice, form, stale := staleForm(err, r.PostForm); stale {
		s.renderMemberForm(w, r, http.StatusConflict, view{Form: form, Stale: notice}, d)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, memberPath(m.ID), "Saved.")
}
