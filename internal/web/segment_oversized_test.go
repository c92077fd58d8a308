package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// A segment saved with 1,000 tags before filters were bounded no longer
// breaks the members page, and opening it explains what is wrong (422)
// instead of failing every time with a 500.
func TestOversizedSegmentOpensWithAMessage(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		v := url.Values{}
		for i := range 1000 {
			v.Add("tag", fmt.Sprintf("t%d", i))
		}
		err := env.App.DB.InTx(env.Ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(env.Ctx, "INSERT INTO segments (name, query, created_at) VALUES (?, ?, ?)",
				"Everything", v.Encode(), 1773480600)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			name   string
			path   string
			status int
			want   string
		}{
			{"members page", "/members", http.StatusOK, "Everything"},
			{"the segment's list", "/members?" + v.Encode(), http.StatusUnprocessableEntity, "at most 50"},
			{"api segments", "/api/v1/segments", http.StatusOK, "cannot be opened"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				rec := env.Do(t, webtest.Request{Method: "GET", Path: tt.path, Role: accounts.RoleViewer})
				if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.want) {
					t.Fatalf("status %d, want %d with %q: %.2000s", rec.Code, tt.status, tt.want, rec.Body.String())
				}
			})
		}
	})
}
