package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/config"
	"github.com/trellis-community/trellis/internal/web"
)

// BenchmarkParticipationPages times the participation page (funnel, flows,
// health and groups of the last twelve months), its API figures and the
// dashboard with its participation panel, end to end through the handler,
// on a big community built beforehand (see BenchmarkRollUpAll in
// internal/participation for how). Target: the page under 200 ms with
// 100,000 members and 5,000,000 activities.
//
//	TRELLIS_BENCH_PARTICIPATION_DB=/tmp/community-100k.db go test ./internal/web -run '^$' -bench ParticipationPages -benchtime 20x
func BenchmarkParticipationPages(b *testing.B) {
	dsn := os.Getenv("TRELLIS_BENCH_PARTICIPATION_DB")
	if dsn == "" {
		b.Skip("set TRELLIS_BENCH_PARTICIPATION_DB to a big community's database")
	}
	ctx := audit.WithActor(context.Background(), audit.Actor{Name: "bench"})
	cfg := config.Default()
	cfg.DB = dsn
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	srv, err := web.New(a)
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	email := "bench-" + strconv.FormatInt(time.Now().UnixNano(), 36) + "@example.org"
	u, err := a.Accounts.CreateUser(ctx, email, "Bench", accounts.RoleManager, "correct horse battery staple")
	if err != nil {
		b.Fatal(err)
	}
	cookie, _, err := a.Accounts.CreateSession(ctx, u.ID, "bench", "127.0.0.1")
	if err != nil {
		b.Fatal(err)
	}
	token, _, err := a.Accounts.CreateToken(ctx, u.ID, "bench")
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range []struct{ name, path string }{
		{"participation_page", "/participation"},
		{"participation_page_36_months", "/participation?from=" + a.Participation.CurrentMonth().Add(-35).String()},
		{"api_funnel", "/api/v1/participation/funnel"},
		{"api_flows", "/api/v1/participation/flows"},
		{"api_health", "/api/v1/participation/health"},
		{"lifecycle_page", "/participation/lifecycle"},
		{"dashboard", "/"},
		{"api_dashboard", "/api/v1/dashboard"},
	} {
		b.Run(p.name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest("GET", p.path, nil)
				if strings.HasPrefix(p.path, "/api/") {
					req.Header.Set("Authorization", "Bearer "+token)
				} else {
					req.AddCookie(&http.Cookie{Name: "trellis_session", Value: cookie})
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("%s: %d %s", p.path, rec.Code, rec.Body.String())
				}
			}
		})
	}
}
