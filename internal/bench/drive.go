package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Config says which server to drive, and how hard.
type Config struct {
	BaseURL string // http://127.0.0.1:PORT
	Token   string // an API token of a team user (viewer or above)
	// Session is a browser session of that user, sent as a cookie on
	// page routes (those outside /api/), which take no token; "" sends
	// none.
	Session string
	Clients int
	// Duration is how long each route is driven: the run takes
	// Duration times the number of routes.
	Duration time.Duration
	Routes   []Route // nil = Routes
	// Memory, when set, has each route's phase start from the server's
	// resident memory of the moment and records the phase's peak, so a
	// route's figure is the most the server held while serving it (memory
	// the previous routes left resident included).
	Memory Memory
}

// Memory reads and resets a process's peak resident memory.
type Memory interface {
	ResetPeakRSS() error
	PeakRSS() (int64, error)
}

// RouteResult is how one route fared in its phase.
type RouteResult struct {
	Name      string
	Requests  int
	Errors    int
	Elapsed   time.Duration // the route's phase
	PerSecond float64
	P50, P99  time.Duration
	// PeakRSS is the server's peak resident memory during the phase, in
	// bytes; 0 when not measured (no Config.Memory, or it failed).
	PeakRSS int64
}

// Result is a whole run's outcome, route by route.
type Result struct {
	Routes   []RouteResult
	Requests int
	Errors   int
	Elapsed  time.Duration // all phases
	// FirstError describes the first failed request, "" when none failed.
	FirstError string
	// PeakRSS is the server's peak resident memory from its start to the
	// end of the run, in bytes, when Config.Memory is set (resetting the
	// peak for each route hides it from a later read); 0 otherwise.
	PeakRSS int64
}

// Run samples the community through the API, then drives the routes one
// after another, each in its own phase of cfg.Duration: all cfg.Clients
// clients request that route alone, each waiting for its answer before
// sending the next. A route's req/s is then what the server does for that
// route under that load, not a share of a mix paced by its slowest route
// (which is what taking the routes in turn measured). A request that does
// not answer 200 counts as an error; the run goes on, and Result says what
// went wrong. It fails only when the community cannot be sampled or ctx
// ends first.
func Run(ctx context.Context, cfg Config) (Result, error) {
	if cfg.Clients < 1 {
		return Result{}, fmt.Errorf("bench: clients must be at least 1, not %d", cfg.Clients)
	}
	if cfg.Duration <= 0 {
		return Result{}, fmt.Errorf("bench: duration must be positive, not %s", cfg.Duration)
	}
	routes := cfg.Routes
	if routes == nil {
		routes = Routes
	}
	// One keep-alive connection per client, as a browser tab would hold.
	// A redirect is an answer, not followed: a page that sends the client
	// to the login page has failed, however well the login page loads.
	hc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConnsPerHost: cfg.Clients, MaxConnsPerHost: cfg.Clients, DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	defer hc.CloseIdleConnections()
	c := &client{hc: hc, base: strings.TrimSuffix(cfg.BaseURL, "/"), token: cfg.Token, session: cfg.Session}
	sample, err := c.sample(ctx)
	if err != nil {
		return Result{}, err
	}

	var res Result
	for ri := range routes {
		measured := false
		if cfg.Memory != nil {
			// The peak so far is kept before the reset forgets it.
			if peak, err := cfg.Memory.PeakRSS(); err == nil {
				res.PeakRSS = max(res.PeakRSS, peak)
				measured = cfg.Memory.ResetPeakRSS() == nil
			}
		}
		rr, firstErr := c.phase(ctx, &routes[ri], sample, cfg.Clients, cfg.Duration)
		if err := ctx.Err(); err != nil {
			return Result{}, err
		}
		if measured {
			if peak, err := cfg.Memory.PeakRSS(); err == nil {
				rr.PeakRSS = peak
				res.PeakRSS = max(res.PeakRSS, peak)
			}
		}
		if res.FirstError == "" {
			res.FirstError = firstErr
		}
		res.Routes = append(res.Routes, rr)
		res.Requests += rr.Requests
		res.Errors += rr.Errors
		res.Elapsed += rr.Elapsed
	}
	return res, nil
}

// phase has clients clients request rt alone for d, and says how it fared
// and what its first failure was ("" when none).
func (c *client) phase(ctx context.Context, rt *Route, sample *Sample, clients int, d time.Duration) (RouteResult, string) {
	lat := make([][]time.Duration, clients)
	errs := make([]int, clients)
	var firstErr string
	var once sync.Once
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for ci := range clients {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(ci), 1867))
			var path, cursor string // where the walk started, and where it has got to
			var body bytes.Buffer   // the client's last answer, its memory reused
			for time.Now().Before(deadline) && ctx.Err() == nil {
				if cursor == "" {
					path = rt.Start(r, sample)
				}
				p := path
				if cursor != "" {
					p += "&cursor=" + url.QueryEscape(cursor)
				}
				t0 := time.Now()
				next, err := c.get(ctx, p, rt.Paged, &body)
				took := time.Since(t0)
				if err != nil {
					if ctx.Err() != nil {
						return
					}
					errs[ci]++
					once.Do(func() { firstErr = fmt.Sprintf("%s: GET %s: %v", rt.Name, p, err) })
					cursor = ""
					continue
				}
				lat[ci] = append(lat[ci], took)
				cursor = next
			}
		})
	}
	wg.Wait()
	rr := RouteResult{Name: rt.Name, Elapsed: time.Since(start)}
	var all []time.Duration
	for ci := range clients {
		all = append(all, lat[ci]...)
		rr.Errors += errs[ci]
	}
	slices.Sort(all)
	rr.Requests = len(all)
	rr.PerSecond = float64(len(all)) / rr.Elapsed.Seconds()
	rr.P50, rr.P99 = percentile(all, 50), percentile(all, 99)
	return rr, firstErr
}

// percentile is the p-th percentile of sorted (nearest rank).
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	return sorted[max(0, min(i, len(sorted))-1)]
}

type client struct {
	hc      *http.Client
	base    string
	token   string
	session string
}

// SessionCookie is the name of the server's session cookie (see
// internal/web), which page routes read instead of a token.
const SessionCookie = "trellis_session"

// authorize adds the token to an API request, the session cookie to a
// page request.
func (c *client) authorize(req *http.Request) {
	if strings.HasPrefix(req.URL.Path, "/api/") || c.session == "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
		return
	}
	req.AddCookie(&http.Cookie{Name: SessionCookie, Value: c.session})
}

// get requests path and, for paged routes, returns the answer's
// next_cursor, reading the answer into body. Any status but 200 is an
// error, and so is a paged answer that is not a JSON object.
func (c *client) get(ctx context.Context, path string, paged bool, body *bytes.Buffer) (next string, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return "", err
	}
	c.authorize(req)
	resp, err := c.hc.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		return "", fmt.Errorf("status %d: %s", resp.StatusCode, strings.TrimSpace(string(body)))
	}
	if !paged {
		_, err = io.Copy(io.Discard, resp.Body)
		return "", err
	}
	body.Reset()
	if _, err := body.ReadFrom(resp.Body); err != nil {
		return "", fmt.Errorf("read the page: %w", err)
	}
	return pageCursor(body.Bytes())
}

// pageCursor checks that page is a JSON object and returns its
// next_cursor ("" when it has none). The clients share the machine's
// cores with the server, so it does not decode the whole page: decoding
// a members page of 50 into a struct (which scans it twice) was a tenth
// of a run's CPU. It checks the page in one pass, then decodes only the
// page's last member when that is next_cursor, as the API writes it, and
// the whole page otherwise.
func pageCursor(page []byte) (string, error) {
	if !json.Valid(page) {
		return "", errors.New("read the page: not valid JSON")
	}
	page = bytes.TrimSpace(page)
	var tail struct {
		NextCursor string `json:"next_cursor"`
	}
	if i := bytes.LastIndex(page, []byte(`"next_cursor"`)); i > 0 {
		// The key, right after the object's opening or a comma, with the
		// rest of the page making an object of it alone, is the page's own
		// last member, not one inside a member's record.
		before := bytes.TrimRight(page[:i], " \t\r\n")
		if n := len(before); n > 0 && (before[n-1] == ',' || before[n-1] == '{') && before[0] == '{' {
			if json.Unmarshal(append([]byte("{"), page[i:]...), &tail) == nil {
				return tail.NextCursor, nil
			}
		}
	}
	if err := json.Unmarshal(page, &tail); err != nil {
		return "", fmt.Errorf("read the page: %w", err)
	}
	return tail.NextCursor, nil
}
