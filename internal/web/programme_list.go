package web

import (
	"net/http"
	"strings"

	"github.com/trellis-community/trellis/internal/programming"
)

// programmeListPage is the programme list with its filters.
type programmeListPage struct {
	Programmes []programming.Programme
	Kinds      []programming.Kind
	Statuses   []programming.Status
	Filtered   bool
	Next       string // the next page's link, "" on the last
}

// programmeList shows the programmes, newest first, filtered by kind and
// status.
func (s *Server) programmeList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := programming.ProgrammeFilter{Kind: programming.Kind(strings.TrimSpace(q.Get("kind"))),
		Status: programming.Status(strings.TrimSpace(q.Get("status"))), Cursor: q.Get("cursor")}
	p := programmeListPage{Kinds: programming.Kinds(), Statuses: programming.Statuses(), Filtered: f.Kind != "" || f.Status != ""}
	v := view{Title: "Programming", Nav: "programming", Form: q}
	list, next, err := s.app.Programming.ListProgrammes(r.Context(), f)
	if e, ok := asInvalid(err); ok {
		v.Errors, v.Data = e.Fields, p
		s.render(w, r, http.StatusUnprocessableEntity, "programme_list", v)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p.Programmes = list
	if next != "" {
		nq := r.URL.Query()
		nq.Set("cursor", next)
		p.Next = "/programmes?" + nq.Encode()
	}
	v.Data = p
	s.render(w, r, http.StatusOK, "programme_list", v)
}
