package web_test

import (
	"testing"

	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestHealthz(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		rec := env.Do(t, webtest.Request{Method: "GET", Path: "/healthz"})
		if rec.Code != 200 || rec.Body.String() != "{\"status\":\"ok\"}\n" {
			t.Fatalf("healthy: %d %q", rec.Code, rec.Body.String())
		}
		env.App.DB.Close()
		rec = env.Do(t, webtest.Request{Method: "GET", Path: "/healthz"})
		if rec.Code != 503 {
			t.Fatalf("database closed: status %d, want 503", rec.Code)
		}
	})
}
