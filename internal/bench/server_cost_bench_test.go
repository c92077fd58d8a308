package bench

import (
	"bytes"
	"context"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/config"
	"github.com/trellis-community/trellis/internal/demo"
	"github.com/trellis-community/trellis/internal/web"
)

// BenchmarkServerCost is what each of `trellis bench`'s routes costs the
// server, one request at a time through the whole web handler (routing,
// token or session check, queries, JSON), on the community
// TRELLIS_BENCH_DB names (a SQLite file or a postgres:// URL, such as one
// `trellis bench` or `trellis demo --bulk` filled); skipped without one.
// API routes send a token, pages a browser session, as the bench's
// clients do. Paged routes are walked by their cursors, as the bench's
// clients walk them. Besides the wall time it reports cpu-ns/op, the
// process's user and system CPU spent inside the handler (garbage
// collection included), which a busy machine moves far less than wall
// time. The database is migrated first: point it at a copy.
//
//	TRELLIS_BENCH_DB=/tmp/copy.db go test ./internal/bench -run '^$' -bench ServerCost -benchmem
func BenchmarkServerCost(b *testing.B) {
	dsn := os.Getenv("TRELLIS_BENCH_DB")
	if dsn == "" {
		b.Skip("TRELLIS_BENCH_DB names no database")
	}
	ctx := context.Background()
	a, err := app.Open(ctx, config.Config{DB: dsn, TimeZone: "UTC", QueryTimeout: 30 * time.Second}, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	actx := audit.WithActor(ctx, audit.Actor{Name: "bench"})
	email, _, err := demo.EnsureLogin(actx, a)
	if err != nil {
		b.Fatal(err)
	}
	u, err := a.Accounts.UserByEmail(actx, email)
	if err != nil {
		b.Fatal(err)
	}
	token, tok, err := a.Accounts.CreateToken(actx, u.ID, "bench")
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = a.Accounts.RevokeToken(actx, u.ID, tok.ID) }()
	// Pages (routes outside /api/) take a browser session, as `trellis
	// bench` sends them, rather than the token.
	session, _, err := a.Accounts.CreateSession(actx, u.ID, "bench", "127.0.0.1")
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = a.Accounts.DeleteSession(actx, session) }()
	srv, err := web.New(a)
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	c := &client{hc: &http.Client{Transport: handlerTransport{h}}, base: "http://bench", token: token, session: session}
	sample, err := c.sample(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for _, rt := range Routes {
		b.Run(rt.Name, func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, 1867))
			var path, cursor string
			var cpu time.Duration
			for b.Loop() {
				if cursor == "" {
					path = rt.Start(r, sample)
				}
				p := path
				if cursor != "" {
					p += "&cursor=" + url.QueryEscape(cursor)
				}
				req := httptest.NewRequestWithContext(ctx, http.MethodGet, p, nil)
				c.authorize(req)
				rec := httptest.NewRecorder()
				before := cpuTime()
				h.ServeHTTP(rec, req)
				cpu += cpuTime() - before
				if rec.Code != http.StatusOK {
					b.Fatalf("GET %s: status %d: %s", p, rec.Code, rec.Body.String())
				}
				cursor = ""
				if rt.Paged {
					cursor = nextCursor(rec.Body.Bytes())
				}
			}
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
	}
}

// handlerTransport answers a client's requests from a handler in this
// process, for the benchmark's sampling of the community.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, req)
	return rec.Result(), nil
}

// nextCursor finds a members page's next_cursor without decoding the
// page, so the benchmark's own work stays small.
func nextCursor(body []byte) string {
	const key = `"next_cursor":"`
	i := bytes.LastIndex(body, []byte(key))
	if i < 0 {
		return ""
	}
	rest := body[i+len(key):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return ""
	}
	s, err := strconv.Unquote(`"` + string(rest[:j]) + `"`)
	if err != nil {
		return ""
	}
	return s
}

// cpuTime is the user and system CPU this process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
