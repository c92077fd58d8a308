package api

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/httpx"
)

// Me answers GET /api/v1/me with the team user the token belongs to, so a
// script can check whose token it holds and what role it has.
func (h *Handler) Me(w http.ResponseWriter, r *http.Request) {
	u, found := httpx.UserFrom(r.Context())
	if !found {
		// The route is guarded; this is only reachable if it is mis-registered.
		h.fail(w, r, apperr.New(apperr.Unauthorized, "Send a valid API token as 'Authorization: Bearer TOKEN'."))
		return
	}
	ok(w, u)
}
