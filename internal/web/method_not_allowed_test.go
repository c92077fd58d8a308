package web_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/store/storetest"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// allMethods are the methods tried on every path, in Allow's order.
var allMethods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"}

// patternMatches reports whether a route pattern such as
// "/api/v1/members/{id}" matches a concrete path, segment by segment.
func patternMatches(pattern, path string) bool {
	pattern = strings.TrimSuffix(pattern, "{$}")
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(xs) {
		return false
	}
	for i := range ps {
		if !strings.HasPrefix(ps[i], "{") && ps[i] != xs[i] {
			return false
		}
	}
	return true
}

// TestWrongMethod: every path in the route table asked with a method it
// does not have answers 405 with an Allow header listing the ones it
// does, as the API's JSON error on API paths and as a page elsewhere.
func TestWrongMethod(t *testing.T) {
	t.Parallel()
	env := webtest.New(t, storetest.Dialects()[0])
	routes := env.Server.Routes()
	checked := 0
	for _, rt := range routes {
		path := strings.ReplaceAll(rt.Pattern, "{id}", "1")
		path = strings.TrimSuffix(path, "{$}")
		var allow []string
		for _, other := range routes {
			if patternMatches(other.Pattern, path) && !slices.Contains(allow, other.Method) {
				allow = append(allow, other.Method)
			}
		}
		if slices.Contains(allow, "GET") {
			allow = append(allow, "HEAD") // ServeMux answers HEAD with GET's handler
		}
		slices.SortFunc(allow, func(a, b string) int { return slices.Index(allMethods, a) - slices.Index(allMethods, b) })
		want := strings.Join(allow, ", ")
		for _, m := range allMethods {
			if slices.Contains(allow, m) {
				continue
			}
			checked++
			// As a logged-in owner, so that nothing is refused for want of
			// a login before the method is looked at.
			rec := env.Do(t, webtest.Request{Method: m, Path: path, Role: accounts.RoleOwner})
			if rec.Code != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: status %d, want 405", m, path, rec.Code)
				continue
			}
			if got := rec.Header().Get("Allow"); got != want {
				t.Errorf("%s %s: Allow %q, want %q", m, path, got, want)
			}
			if !rt.API {
				continue
			}
			var body struct {
				Error struct{ Code, Message string }
			}
			webtest.DecodeJSON(t, rec, &body)
			if body.Error.Code != "method_not_allowed" || !strings.Contains(body.Error.Message, m+" is not allowed") {
				t.Errorf("%s %s: error %+v, want code method_not_allowed naming %s", m, path, body.Error, m)
			}
		}
	}
	if checked < len(routes) {
		t.Fatalf("only %d wrong-method requests tried for %d routes", checked, len(routes))
	}
	// Paths that exist under no method stay 404.
	for _, path := range []string{"/api/v1/nothing-here", "/nothing-here"} {
		if rec := env.Do(t, webtest.Request{Method: "DELETE", Path: path, Role: accounts.RoleOwner}); rec.Code != http.StatusNotFound {
			t.Errorf("DELETE %s: status %d, want 404", path, rec.Code)
		}
	}
}
