// Package web is Trellis's browser interface and the HTTP server that also
// carries the JSON API: every page is rendered on the server from embedded
// templates and assets, so it works with no internet access.
package web

import (
	"embed"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"sync"
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

// parsedPages parses the embedded templates once per process: they depend
// on nothing of a server's, and html/template runs one template for many
// goroutines at once. Tests build hundreds of servers; parsing the pages
// again for each was half the web tests' CPU.
var parsedPages = sync.OnceValues(loadPages)

// New builds a server. It fails if the embedded templates do not parse or
// the trusted proxies are not addresses.
func New(a *app.App) (*Server, error) {
	p, err := parsedPages()
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
		rt.Handler = s.checkText(rt)
		mux.Handle(rt.Method+" "+rt.Pattern, s.guard(rt))
	}
	mux.Handle("GET /static/", s.static())
	// The catch-all renders our own 404 page and JSON error, but it also
	// matches every method, so the mux never answers 405 by itself:
	// noRoute works out whether the path exists under other methods.
	mux.Handle("/", s.noRoute(mux))
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

// methods are the methods a route may have, in the order Allow lists them.
var methods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// noRoute answers a request no route took: 405 Method Not Allowed with an
// Allow header when the path has routes under other methods (RFC 9110,
// section 15.5.6), 404 otherwise. API paths get the API's JSON error.
func (s *Server) noRoute(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var allow []string
		for _, m := range methods {
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, pattern := mux.Handler(probe); pattern != "" && pattern != "/" {
				allow = append(allow, m)
			}
		}
		if len(allow) == 0 {
			s.notFound(w, r)
			return
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		msg := r.Method + " is not allowed here; use " + strings.Join(allow, " or ") + "."
		if strings.HasPrefix(r.URL.Path, "/api/") {
			httpx.WriteJSON(w, http.StatusMethodNotAllowed, httpx.ErrorBody{Error: httpx.ErrorDetail{Code: "method_not_allowed", Message: msg}})
			return
		}
		s.render(w, r, http.StatusMethodNotAllowed, "error", view{Title: "Method not allowed", Data: errorPage{Status: http.StatusMethodNotAllowed, Message: msg}})
	})
}
