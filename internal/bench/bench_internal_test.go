package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
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

// TestPageCursor: the clients take a page's next_cursor without decoding
// the whole page, and still fail on an answer that is not a JSON object;
// a next_cursor inside a member's record is not the page's.
func TestPageCursor(t *testing.T) {
	for _, tc := range []struct {
		name, page string
		want       string
		fails      bool
	}{
		{"last member", `{"members":[{"id":1}],"next_cursor":"abc"}`, "abc", false},
		{"spaced", " {\"members\": [{\"id\": 1}], \"next_cursor\" : \"abc\" }\n", "abc", false},
		{"escaped", `{"members":[],"next_cursor":"a\u0062c"}`, "abc", false},
		{"last page", `{"members":[{"id":1}]}`, "", false},
		{"empty page", `{"members":[]}`, "", false},
		{"first member", `{"next_cursor":"abc","members":[{"id":1}]}`, "abc", false},
		{"in a record only", `{"members":[{"custom_fields":{"next_cursor":"x"}}]}`, "", false},
		{"in a record and the page's", `{"members":[{"custom_fields":{"next_cursor":"x"}}],"next_cursor":"abc"}`, "abc", false},
		{"in a record after the page's", `{"next_cursor":"abc","members":[{"custom_fields":{"next_cursor":"x"}}]}`, "abc", false},
		{"in a string", `{"members":[{"notes":"\"next_cursor\":\"x\"}"}]}`, "", false},
		{"cut short", `{"members":[{"id":1}],"next_cursor":"abc"`, "", true},
		{"not JSON", `<html>members</html>`, "", true},
		{"an array", `[{"next_cursor":"abc"}]`, "", true},
		{"a cursor that is not a string", `{"members":[],"next_cursor":7}`, "", true},
		{"empty", ``, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := pageCursor([]byte(tc.page))
			if (err != nil) != tc.fails || got != tc.want {
				t.Errorf("pageCursor(%s) = %q, %v; want %q, failing %v", tc.page, got, err, tc.want, tc.fails)
			}
		})
	}
}

// FuzzPageCursor: whatever the answer, pageCursor agrees with decoding
// the whole page, unless the page names next_cursor more than once at its
// top level (in any case), which the API never writes and which decoding
// reads as its last, or first failing, spelling.
func FuzzPageCursor(f *testing.F) {
	for _, s := range []string{`{"members":[],"next_cursor":"abc"}`, `{"members":[{"custom_fields":{"next_cursor":"x"}}]}`, `[]`, `{"next_cursor":1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, page []byte) {
		if cursorKeys(page) > 1 {
			t.Skip("next_cursor named more than once")
		}
		got, err := pageCursor(page)
		var want struct {
			NextCursor string `json:"next_cursor"`
		}
		werr := json.Unmarshal(page, &want)
		if (err != nil) != (werr != nil) || (err == nil && got != want.NextCursor) {
			t.Errorf("pageCursor(%q) = %q, %v; decoding the page: %q, %v", page, got, err, want.NextCursor, werr)
		}
	})
}

// cursorKeys counts the keys of page's top-level object that decoding
// takes for next_cursor (it ignores case); 0 when page is not an object.
func cursorKeys(page []byte) int {
	dec := json.NewDecoder(bytes.NewReader(page))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return 0
	}
	n := 0
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return n
		}
		if k, ok := key.(string); ok && strings.EqualFold(k, "next_cursor") {
			n++
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return n
		}
	}
	return n
}
