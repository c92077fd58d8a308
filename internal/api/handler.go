// Package api is Trellis's JSON API under /api/v1/, for scripts and other
// tools. Requests authenticate with a personal API token
// (Authorization: Bearer TOKEN); errors are JSON with a code, a message and
// the offending fields.
package api

import (
	"log/slog"
	"net/http"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/httpx"
)

// Handler serves the API. Its exported methods are registered, with their
// access rules, in the web package's one route table.
type Handler struct {
	app *app.App
	log *slog.Logger
}

// New returns the API handler for a.
func New(a *app.App) *Handler {
	return &Handler{app: a, log: a.Log}
}

func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	httpx.WriteError(w, r, h.log, err)
}
