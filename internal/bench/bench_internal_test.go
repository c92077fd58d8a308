package bench

import (
	"context"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		out := make([]time.Duration, len(ns))
		for i, n := range ns {
			out[i] = time.Duration(n) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	for _, tc := range []struct {
		sorted []time.Duration
		p      int
		want   time.Duration
	}{
		{nil, 50, 0},
		{ms(7), 99, 7 * time.Millisecond},
		{ms(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{ms(hundred...), 50, 50 * time.Millisecond},
		{ms(hundred...), 99, 99 * time.Millisecond},
		{ms(hundred...), 100, 100 * time.Millisecond},
	} {
		if got := percentile(tc.sorted, tc.p); got != tc.want {
			t.Errorf("percentile(%d values, %d) = %v, want %v", len(tc.sorted), tc.p, got, tc.want)
		}
	}
}

func TestAppendFragment(t *testing.T) {
	var got []string
	for _, text := range []string{"University of Nairobi", "Zürich Lab", "MIT", "", "Research Software Engineer"} {
		got = appendFragment(got, text)
	}
	want := []string{"nivers", "ürich", "esearc"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestPeakRSS(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	rss, err := PeakRSS(0)
	if err != nil || rss < 1<<20 {
		t.Errorf("PeakRSS(0) = %d, %v; want at least a megabyte", rss, err)
	}
	if _, err := PeakRSS(-5); err == nil {
		t.Error("PeakRSS of no process: no error")
	}
}

// TestRunCountsFailures: a route that answers an error counts as errors,
// with the first described, and the others still count their requests.
func TestRunCountsFailures(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" {
			http.Error(w, "no token", http.StatusUnauthorized)
			return
		}
		switch r.URL.Path {
		case "/api/v1/members":
			w.Write([]byte(`{"members": [{"id": 1, "name": "Ada Lovelace", "affiliation": "Analytical Society", "career_stage": "senior"}]}`))
		case "/broken":
			http.Error(w, "boom", http.StatusInternalServerError)
		default:
			w.Write([]byte(`{}`))
		}
	}))
	defer srv.Close()
	routes := []Route{
		{Name: "ok", Paged: true, Start: func(*rand.Rand, *Sample) string { return "/api/v1/members?limit=1" }},
		{Name: "broken", Start: func(*rand.Rand, *Sample) string { return "/broken" }},
	}
	res, err := Run(context.Background(), Config{BaseURL: srv.URL, Token: "tok", Clients: 2, Duration: 200 * time.Millisecond, Routes: routes})
	if err != nil {
		t.Fatal(err)
	}
	if res.Routes[0].Requests == 0 || res.Routes[0].Errors != 0 {
		t.Errorf("ok route: %+v", res.Routes[0])
	}
	if res.Routes[1].Requests != 0 || res.Routes[1].Errors == 0 || res.Errors != res.Routes[1].Errors {
		t.Errorf("broken route: %+v, total errors %d", res.Routes[1], res.Errors)
	}
	if res.FirstError == "" {
		t.Error("no first error described")
	}
	if _, err := Run(context.Background(), Config{BaseURL: srv.URL, Token: "wrong", Clients: 1, Duration: time.Second}); err == nil {
		t.Error("Run without a valid token sampled the community")
	}
}

// TestRunPhasesRoutes: each route is driven alone, so a slow route does not
// pace a fast one (taking the routes in turn gave both the same count).
func TestRunPhasesRoutes(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/members":
			w.Write([]byte(`{"members": [{"id": 1, "name": "Ada Lovelace", "affiliation": "Analytical Society", "career_stage": "senior"}]}`))
		case "/slow":
			time.Sleep(40 * time.Millisecond)
			w.Write([]byte(`{}`))
		default:
			w.Write([]byte(`{}`))
		}
	}))
	defer srv.Close()
	routes := []Route{
		{Name: "slow", Start: func(*rand.Rand, *Sample) string { return "/slow" }},
		{Name: "fast", Start: func(*rand.Rand, *Sample) string { return "/fast" }},
	}
	d := 300 * time.Millisecond
	res, err := Run(context.Background(), Config{BaseURL: srv.URL, Token: "tok", Clients: 2, Duration: d, Routes: routes})
	if err != nil {
		t.Fatal(err)
	}
	slow, fast := res.Routes[0], res.Routes[1]
	if slow.Requests == 0 || fast.Requests < 5*slow.Requests {
		t.Errorf("fast route made %d requests, slow %d: the slow one paced the fast one", fast.Requests, slow.Requests)
	}
	for _, rr := range res.Routes {
		if rr.Elapsed < d || rr.Elapsed > 3*d {
			t.Errorf("%s: phase of %v, want about %v", rr.Name, rr.Elapsed, d)
		}
	}
	if res.Elapsed < 2*d {
		t.Errorf("run took %v, want the two phases, at least %v", res.Elapsed, 2*d)
	}
}
