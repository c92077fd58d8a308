package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/config"
	"github.com/trellis-community/trellis/internal/store/storetest"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// Every request's queries run under the request's deadline: when it has
// passed, the database is not waited for, and the answer is a 503 saying
// it took too long (not a 500, and not a 401 sending the person to log in
// again because their session could not be read in time).
func TestRequestDeadline(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		tests := []struct {
			name string
			req  webtest.Request
			want string
		}{
			{"api list", webtest.Request{Method: "GET", Path: "/api/v1/members?tag=x&tag=y", Role: accounts.RoleViewer}, `"code":"timeout"`},
			{"api write", webtest.Request{Method: "POST", Path: "/api/v1/members", Role: accounts.RoleManager,
				JSON: map[string]any{"name": "Ada Lovelace"}}, "took too long"},
			{"page", webtest.Request{Method: "GET", Path: "/members?tag=x", Role: accounts.RoleViewer}, "took too long"},
			{"dashboard", webtest.Request{Method: "GET", Path: "/", Role: accounts.RoleViewer}, "took too long"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rec := env.Do(t, tt.req)
				if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), tt.want) {
					t.Fatalf("status %d, want 503 saying %q: %s", rec.Code, tt.want, rec.Body.String())
				}
			})
		}
	}, func(c *config.Config) { c.QueryTimeout = time.Nanosecond })
}

// With room to work, the same requests answer as usual: the deadline is
// per request and does not leak into the next one.
func TestRequestDeadlineLeavesTimeToWork(t *testing.T) {
	t.Parallel()
	env := webtest.New(t, storetest.Dialects()[0], func(c *config.Config) { c.QueryTimeout = 5 * time.Second })
	for range 3 {
		if rec := env.Do(t, webtest.Request{Method: "GET", Path: "/api/v1/members", Role: accounts.RoleViewer}); rec.Code != http.StatusOK {
			t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
		}
	}
}
