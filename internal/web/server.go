// Package web is Trellis's browser interface and the HTTP server that also
// carries the JSON API: every page is rendered on the server from embedded
// templates and assets, so it works with no internet access.
package web

import (
	"embed"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/trellis-community/trellis/internal/api"
	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/httpx"
)

//go:embed templates static
var assets embed.FS

// Server serves the web UI and the JSON API for one App.
type Server struct {
	app   *app.App
	log   *slog.Logger
	now   func() time.Time
	pages *pages
	api   *api.Handler
	csrf  *http.CrossOriginProtection
	// proxies are the reverse proxies whose X-Forwarded-For is believed.
	proxies []netip.Prefix
}

// New builds a server. It fails if the embedded templates do not parse or
// the trusted proxies are not addresses.
func New(a *app.App) (*Server, error) {
	p, err := loadPages()
	if err != nil {
		return nil, err
	}
	proxies, err := a.Config.Proxies()
	if err != nil {
		return nil, err
	}
	return &Server{
		app:   a,
		log:   a.Log,
		now:   a.Now,
		pages: p,
		api:   api.New(a),
		csrf:  http.NewCrossOriginProtection(),

		proxies: proxies,
	}, nil
}

// Handler returns the whole application as one http.Handler.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(rt.Method+" "+rt.Pattern, s.guard(rt))
	}
	mux.Handle("GET /static/", s.static())
	mux.HandleFunc("/", s.notFound)
	var h http.Handler = mux
	h = s.csrfProtect(h)
	h = s.authenticate(h)
	h = s.deadline(h)
	h = securityHeaders(h)
	h = s.recoverPanics(h)
	h = s.logRequests(h)
	return h
}

// clientIP is the address of the person behind the request (see
// httpx.ClientIP).
func (s *Server) clientIP(r *http.Request) string { return httpx.ClientIP(r, s.proxies) }
