package web_test

import (
	"testing"

	"github.com/trellis-community/trellis/internal/store/storetest"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestHealthz(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			env := webtest.New(t, d)
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
}
