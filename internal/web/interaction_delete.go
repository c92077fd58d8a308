package web

import (
	"net/http"
	"strconv"
)

// interactionDelete removes an interaction. The follow-ups it gave rise to
// stay on the follow-up list: a promise made does not disappear with the
// note of the meeting.
func (s *Server) interactionDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	ctx := r.Context()
	it, err := s.app.Relationships.GetInteraction(ctx, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	version, ok := s.deleteVersion(w, r)
	if !ok {
		return
	}
	err = s.app.Relationships.DeleteInteractionAt(ctx, id, version)
	if msg, stale := staleDelete(err); stale {
		s.redirectProblem(w, r, "/interactions/"+strconv.FormatInt(id, 10), msg)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	msg := "Interaction deleted."
	if len(it.FollowUps) > 0 {
		msg += " Its follow-ups are still on the follow-up list."
	}
	s.redirect(w, r, "/interactions", msg)
}
