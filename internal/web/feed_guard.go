package web

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/httpx"
)

// guardFeed is the third way in, beside the session cookie and the API
// token, for calendar clients that cannot send either: the feed token in
// the URL's path. It is looked at on Feed routes alone, which are GET
// routes that only read, so a leaked feed URL shows the calendar and
// nothing else. Whoever else is signed in does not count here. An unknown,
// revoked or malformed token, or one whose user is disabled, gets the same
// 404, so a guessed URL learns nothing.
func (s *Server) guardFeed(w http.ResponseWriter, r *http.Request, next http.HandlerFunc) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		s.renderError(w, r, apperr.NotFoundf("There is no such calendar feed."))
		return
	}
	u, err := s.app.Accounts.FeedTokenUser(r.Context(), r.PathValue("token"))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	ctx := httpx.WithUser(r.Context(), u)
	ctx = audit.WithActor(ctx, audit.Actor{UserID: u.ID, Name: u.Name})
	next(w, r.WithContext(ctx))
}
