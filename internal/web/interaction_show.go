package web

import (
	"net/http"
	"strconv"

	"github.com/trellis-community/trellis/internal/relationships"
)

// interactionPage is one interaction in full.
type interactionPage struct {
	relationships.Interaction
	Today string
	Back  string // this page, for the follow-up buttons to return to
}

// interactionShow shows everything recorded about an interaction: who took
// part, the notes rendered from Markdown, the outcome and its follow-ups.
func (s *Server) interactionShow(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	it, err := s.app.Relationships.GetInteraction(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := interactionPage{Interaction: it, Today: s.today(), Back: "/interactions/" + strconv.FormatInt(id, 10)}
	s.render(w, r, http.StatusOK, "interaction_show", view{Title: it.Summary, Nav: "interactions", Data: p})
}
