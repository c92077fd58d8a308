package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/httpx"
)

const sessionCookie = "trellis_session"

// contentSecurityPolicy allows nothing but our own embedded assets: no
// inline script, no inline style, no third-party anything.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		// Pages and API answers hold members' personal data and the login
		// form: no shared cache or browser history may keep them after
		// logout. The embedded assets say otherwise for themselves.
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// authenticate puts the team user in the request context: from the bearer
// token on API paths, from the session cookie everywhere else. It never
// refuses a request itself; guard does, route by route.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var user accounts.User
		var err error
		found := false
		if strings.HasPrefix(r.URL.Path, "/api/") {
			if token, ok := bearerToken(r); ok {
				user, err = s.app.Accounts.TokenUser(ctx, token)
				found = err == nil
			}
		} else if c, cerr := r.Cookie(sessionCookie); cerr == nil && c.Value != "" {
			user, err = s.app.Accounts.SessionUser(ctx, c.Value)
			found = err == nil
			if found && r.Method == http.MethodGet {
				// The session slides forward in the database as it is used;
				// the browser's cookie must follow it. Only on page views, so
				// it never competes with a handler that sets the cookie itself
				// (logout, password change).
				ttl := s.app.Accounts.SessionTTL
				if ttl <= 0 {
					ttl = accounts.DefaultSessionTTL
				}
				http.SetCookie(w, s.sessionCookie(c.Value, s.now().Add(ttl)))
			}
		}
		if httpx.Status(err) == http.StatusServiceUnavailable {
			// The database did not answer in time: saying "log in" would
			// send the person round in circles.
			if strings.HasPrefix(r.URL.Path, "/api/") {
				httpx.WriteError(w, r, s.log, err)
			} else {
				s.renderError(w, r, err)
			}
			return
		}
		if err != nil && !apperr.Is(err, apperr.Unauthorized) {
			httpx.LogError(s.log, r, err)
		}
		if found {
			ctx = httpx.WithUser(ctx, user)
			ctx = audit.WithActor(ctx, audit.Actor{UserID: user.ID, Name: user.Name})
			r = r.WithContext(ctx)
		}
		next.ServeHTTP(w, r)
	})
}

// deadline gives each request's database work a deadline (QueryTimeout):
// every query runs with the request's context, so when it passes,
// PostgreSQL is sent a cancel and SQLite is interrupted, and the person
// gets a 503 saying it took too long rather than a request that holds the
// database for minutes.
func (s *Server) deadline(next http.Handler) http.Handler {
	limit := s.app.Config.QueryTimeout
	if limit <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), limit)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// allowed reports whether role may use a route with the given access.
func allowed(role accounts.Role, a Access) bool {
	switch a {
	case Public, Viewer:
		return true
	case Writer:
		return role.CanWrite()
	case Owner:
		return role.CanAdmin()
	}
	// Feed: no role opens a feed URL; only its token does (guardFeed).
	return false
}

// guard enforces a route's access: logged-out visitors are sent to the
// login page (browser) or get 401 (API); a role without the right gets 403.
func (s *Server) guard(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt.Access == Public {
			rt.Handler(w, r)
			return
		}
		if rt.Access == Feed {
			s.guardFeed(w, r, rt.Handler)
			return
		}
		u, ok := httpx.UserFrom(r.Context())
		if !ok {
			if rt.API {
				w.Header().Set("WWW-Authenticate", `Bearer realm="trellis"`)
				httpx.WriteError(w, r, s.log, apperr.New(apperr.Unauthorized, "Send a valid API token as 'Authorization: Bearer TOKEN'."))
				return
			}
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			} else {
				http.Redirect(w, r, "/login", http.StatusSeeOther)
			}
			return
		}
		if !allowed(u.Role, rt.Access) {
			err := apperr.New(apperr.Forbidden, "Your role (%s) cannot do this. Ask an owner if you need to.", u.Role)
			if rt.API {
				httpx.WriteError(w, r, s.log, err)
			} else {
				s.renderError(w, r, err)
			}
			return
		}
		rt.Handler(w, r)
	})
}

// csrfProtect refuses state-changing requests that a browser marks as
// coming from another site (Sec-Fetch-Site / Origin), which is what a
// cross-site request forgery looks like.
func (s *Server) csrfProtect(next http.Handler) http.Handler {
	s.csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := apperr.New(apperr.Forbidden, "This request came from another site and was refused.")
		if strings.HasPrefix(r.URL.Path, "/api/") {
			httpx.WriteError(w, r, s.log, err)
			return
		}
		s.renderError(w, r, err)
	}))
	return s.csrf.Handler(next)
}

func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("panic serving request", slog.String("path", r.URL.Path),
					slog.Any("panic", p), slog.String("stack", string(debug.Stack())))
				http.Error(w, "Internal server error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (sr *statusRecorder) WriteHeader(code int) {
	sr.status = code
	sr.ResponseWriter.WriteHeader(code)
}

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sr := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sr, r)
		if strings.HasPrefix(r.URL.Path, "/static/") {
			return
		}
		s.log.Debug("request", slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sr.status), slog.Duration("took", time.Since(start)))
	})
}
