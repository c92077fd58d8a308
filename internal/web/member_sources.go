package web

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/members"
)

type memberSourcesData struct {
	Member     members.Member
	Provenance imports.Provenance
}

// memberSources shows where each of a member's values came from: the
// import that created them or a person, and every field changed since, by
// hand or by which import.
func (s *Server) memberSources(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	m, err := s.app.Members.Get(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p, err := s.app.Imports.Provenance(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "member_sources", view{Title: "Where " + m.Name + "’s values came from", Nav: "members",
		Data: memberSourcesData{Member: m, Provenance: p}})
}
