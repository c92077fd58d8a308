package web_test

import (
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/web"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// concretePath fills a route pattern's wildcards with an id that names
// nothing, so the test exercises access rules and error paths, never data.
func concretePath(pattern string) string {
	p := strings.ReplaceAll(pattern, "{$}", "")
	for {
		i := strings.IndexByte(p, '{')
		if i < 0 {
			return p
		}
		j := strings.IndexByte(p[i:], '}')
		p = p[:i] + "999999" + p[i+j+1:]
	}
}

// TestEveryRouteForEveryRole walks the whole route table: a logged-out
// visitor is sent to the login page (UI) or gets 401 (API); a role without
// the right gets 403; a role with it never gets a server error, even with
// an empty form and an id that names nothing; a cross-site POST is refused
// whoever sends it.
func TestEveryRouteForEveryRole(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		routes := env.Server.Routes()
		// Logging out ends the session the next cases use: run it last.
		sort.SliceStable(routes, func(i, j int) bool {
			return routes[j].Pattern == "/logout" && routes[i].Pattern != "/logout"
		})
		roles := []accounts.Role{"", accounts.RoleViewer, accounts.RoleManager, accounts.RoleOwner}
		for _, rt := range routes {
			path := concretePath(rt.Pattern)
			for _, role := range roles {
				name := rt.Method + " " + rt.Pattern + " as " + string(role)
				if role == "" {
					name += "logged-out"
				}
				t.Run(name, func(t *testing.T) {
					req := webtest.Request{Method: rt.Method, Path: path, Role: role}
					if rt.Method != http.MethodGet && !rt.API {
						req.Form = map[string][]string{}
					}
					rec := env.Do(t, req)
					checkAccess(t, rt, role, rec.Code, rec.Header().Get("Location"), rec.Body.String())
				})
			}
			if rt.Method != http.MethodGet {
				t.Run(rt.Method+" "+rt.Pattern+" cross-site", func(t *testing.T) {
					rec := env.Do(t, webtest.Request{Method: rt.Method, Path: path, Role: accounts.RoleOwner, CrossSite: true, Form: map[string][]string{}})
					if rec.Code != http.StatusForbidden {
						t.Fatalf("cross-site %s %s: status %d, want 403", rt.Method, path, rec.Code)
					}
				})
			}
		}
	})
}

func checkAccess(t *testing.T, rt web.Route, role accounts.Role, status int, location, body string) {
	t.Helper()
	switch {
	case rt.Access == web.Feed:
		// The path holds a token that names nothing, whoever is signed in.
		if status != http.StatusNotFound {
			t.Fatalf("status %d, want 404: %s", status, body)
		}
		return
	case rt.Access == web.Public:
		if status >= 500 {
			t.Fatalf("status %d: %s", status, body)
		}
		return
	case role == "" && rt.API:
		if status != http.StatusUnauthorized {
			t.Fatalf("status %d, want 401", status)
		}
		if !strings.Contains(body, `"code":"unauthorized"`) {
			t.Fatalf("401 body is not the API error shape: %s", body)
		}
		return
	case role == "":
		if status != http.StatusSeeOther || !strings.HasPrefix(location, "/login") {
			t.Fatalf("status %d to %q, want 303 to /login", status, location)
		}
		return
	case rt.Access == web.Writer && !role.CanWrite(), rt.Access == web.Owner && !role.CanAdmin():
		if status != http.StatusForbidden {
			t.Fatalf("status %d, want 403", status)
		}
		return
	}
	if status >= 500 {
		t.Fatalf("status %d: %s", status, body)
	}
	if status == http.StatusUnauthorized || status == http.StatusForbidden {
		t.Fatalf("status %d for a role that may use this route: %s", status, body)
	}
}
