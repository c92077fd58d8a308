package bench

import (
	"context"
	"encoding/json"
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
	BaseURL  string // http://127.0.0.1:PORT
	Token    string // an API token of a team user (viewer or above)
	Clients  int
	Duration time.Duration
	Routes   []Route // nil = Routes
}

// RouteResult is how one route fared.
type RouteResult struct {
	Name      string
	Requests  int
	Errors    int
	PerSecond float64
	P50, P99  time.Duration
}

// Result is a whole run's outcome, route by route.
type Result struct {
	Routes   []RouteResult
	Requests int
	Errors   int
	Elapsed  time.Duration
	// FirstError describes the first failed request, "" when none failed.
	FirstError string
}

// Run samples the community through the API, then has cfg.Clients
// clients request the routes in turn, each waiting for its answer before
// sending the next, for cfg.Duration. A request that does not answer 200
// counts as an error; the run goes on, and Result says what went wrong.
// It fails only when the community cannot be sampled or ctx ends first.
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
	hc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConnsPerHost: cfg.Clients, MaxConnsPerHost: cfg.Clients, DisableCompression: true}}
	defer hc.CloseIdleConnections()
	c := &client{hc: hc, base: strings.TrimSuffix(cfg.BaseURL, "/"), token: cfg.Token}
	sample, err := c.sample(ctx)
	if err != nil {
		return Result{}, err
	}

	lat := make([][][]time.Duration, cfg.Clients) // [client][route]
	errs := make([][]int, cfg.Clients)
	var firstErr string
	var once sync.Once
	start := time.Now()
	deadline := start.Add(cfg.Duration)
	var wg sync.WaitGroup
	for ci := range cfg.Clients {
		lat[ci] = make([][]time.Duration, len(routes))
		errs[ci] = make([]int, len(routes))
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(ci), 1867))
			paths := make([]string, len(routes))   // where each walk started
			cursors := make([]string, len(routes)) // and where it has got to
			for k := ci; time.Now().Before(deadline) && ctx.Err() == nil; k++ {
				ri := k % len(routes)
				rt := &routes[ri]
				if cursors[ri] == "" {
					paths[ri] = rt.Start(r, sample)
				}
				path := paths[ri]
				if cursors[ri] != "" {
					path += "&cursor=" + url.QueryEscape(cursors[ri])
				}
				t0 := time.Now()
				next, err := c.get(ctx, path, rt.Paged)
				d := time.Since(t0)
				if err != nil {
					if ctx.Err() != nil {
						return
					}
					errs[ci][ri]++
					once.Do(func() { firstErr = fmt.Sprintf("%s: GET %s: %v", rt.Name, path, err) })
					cursors[ri] = ""
					continue
				}
				lat[ci][ri] = append(lat[ci][ri], d)
				cursors[ri] = next
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	res := Result{Elapsed: time.Since(start), FirstError: firstErr}
	for ri, rt := range routes {
		var all []time.Duration
		rr := RouteResult{Name: rt.Name}
		for ci := range cfg.Clients {
			all = append(all, lat[ci][ri]...)
			rr.Errors += errs[ci][ri]
		}
		slices.Sort(all)
		rr.Requests = len(all)
		rr.PerSecond = float64(len(all)) / res.Elapsed.Seconds()
		rr.P50, rr.P99 = percentile(all, 50), percentile(all, 99)
		res.Routes = append(res.Routes, rr)
		res.Requests += rr.Requests
		res.Errors += rr.Errors
	}
	return res, nil
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
	hc    *http.Client
	base  string
	token string
}

// get requests path and, for paged routes, returns the answer's
// next_cursor. Any status but 200 is an error.
func (c *client) get(ctx context.Context, path string, paged bool) (next string, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
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
	var page struct {
		NextCursor string `json:"next_cursor"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		return "", fmt.Errorf("read the page: %w", err)
	}
	return page.NextCursor, nil
}
