package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/privacy"
)

// memberData downloads everything Trellis holds about a member, for a
// request of access, as one JSON file.
func (s *Server) memberData(w http.ResponseWriter, r *http.Request) {
	m, ok := s.loadMember(w, r)
	if !ok {
		return
	}
	acc, err := s.app.Privacy.Access(r.Context(), m.ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="member-%d-data.json"`, m.ID))
	w.Header().Set("Cache-Control", "no-store")
	if err := acc.WriteJSON(w); err != nil {
		s.log.Error("write a member's data", "member", m.ID, "err", err)
	}
}

type eraseData struct {
	Member members.Member
}

// memberEraseForm asks an owner to confirm an erasure by typing the
// member's name, and says what will go and what stays.
func (s *Server) memberEraseForm(w http.ResponseWriter, r *http.Request) {
	m, ok := s.loadMember(w, r)
	if !ok {
		return
	}
	s.renderErase(w, r, http.StatusOK, m, view{})
}

func (s *Server) renderErase(w http.ResponseWriter, r *http.Request, status int, m members.Member, v view) {
	v.Title, v.Nav, v.Data = "Erase "+m.Name, "members", eraseData{Member: m}
	s.render(w, r, status, "member_erase", v)
}

// memberErase erases the member once the typed name matches, and goes to
// the members list: the profile is gone.
func (s *Server) memberErase(w http.ResponseWriter, r *http.Request) {
	m, ok := s.loadMember(w, r)
	if !ok {
		return
	}
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	version, _ := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	ctx, cancel := privacy.EraseContext(r.Context())
	defer cancel()
	res, err := s.app.Privacy.EraseConfirmed(ctx, m.ID, version, r.PostForm.Get("confirm"))
	if e, ok := asInvalid(err); ok {
		s.renderErase(w, r, http.StatusUnprocessableEntity, m, view{Form: r.PostForm, Errors: e.Fields, FormError: e.Message})
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/members", fmt.Sprintf("Erased the member: %d addresses and identities are blocked from coming back; %d attendance and activity records were kept without them.",
		res.Blocked, res.Anonymised))
}
