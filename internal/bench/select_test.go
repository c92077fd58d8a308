package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSelectRoutes(t *testing.T) {
	names := func(rs []Route) []string {
		out := make([]string, len(rs))
		for i, r := range rs {
			out[i] = r.Name
		}
		return out
	}
	for _, tc := range []struct {
		list    string
		want    []string // nil: every route
		wantErr string
	}{
		{list: "", want: nil},
		{list: " ", want: nil},
		{list: "feed", want: []string{"calendar: iCalendar feed"}},
		{list: "AUDIT, Feed", want: []string{"calendar: iCalendar feed", "content audit"}},
		{list: "calendar", want: []string{"calendar: month page", "calendar: agenda page", "calendar: iCalendar feed", "content: calendar page"}},
		{list: "dashboard,dashboard", want: []string{"dashboard"}},
		{list: "feed,nosuchroute", wantErr: `"nosuchroute" names no route`},
		{list: ",", wantErr: "names no route"},
	} {
		t.Run(tc.list, func(t *testing.T) {
			got, err := SelectRoutes(Routes, tc.list)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("SelectRoutes(%q) = %v, %v; want an error with %q", tc.list, names(got), err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := tc.want
			if want == nil {
				want = names(Routes)
			}
			if !slices.Equal(names(got), want) {
				t.Errorf("SelectRoutes(%q) = %q, want %q", tc.list, names(got), want)
			}
		})
	}
}

// TestResetPeakRSS: after memory is given back, a reset brings the peak
// down to what the process now holds.
func TestResetPeakRSS(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	big := make([]byte, 256<<20)
	for i := 0; i < len(big); i += 4096 {
		big[i] = 1
	}
	high, err := PeakRSS(0)
	if err != nil {
		t.Fatal(err)
	}
	runtime.KeepAlive(big)
	big = nil
	debug.FreeOSMemory()
	if err := ResetPeakRSS(0); err != nil {
		t.Fatal(err)
	}
	low, err := PeakRSS(0)
	if err != nil {
		t.Fatal(err)
	}
	if low > high-128<<20 {
		t.Errorf("peak %d MB after the reset, %d MB before: not reset", low>>20, high>>20)
	}
	if err := ResetPeakRSS(-5); err == nil {
		t.Error("ResetPeakRSS of no process: no error")
	}
}

// fakeMemory reports peaks in turn and counts resets.
type fakeMemory struct {
	peaks  []int64
	resets int
}

func (m *fakeMemory) ResetPeakRSS() error { m.resets++; return nil }
func (m *fakeMemory) PeakRSS() (int64, error) {
	p := m.peaks[0]
	m.peaks = m.peaks[1:]
	return p, nil
}

// TestRunMeasuresEachRoute: each phase starts from a reset peak and ends
// with a reading; the run's peak is the largest reading, the one before
// the first reset included.
func TestRunMeasuresEachRoute(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"members": [{"id": 1, "name": "Ada Lovelace", "affiliation": "Analytical Society", "career_stage": "senior"}]}`))
	}))
	defer srv.Close()
	routes := []Route{
		{Name: "a", Start: func(*rand.Rand, *Sample) string { return "/a" }},
		{Name: "b", Start: func(*rand.Rand, *Sample) string { return "/b" }},
	}
	for _, tc := range []struct {
		name   string
		peaks  []int64 // before a, after a, before b, after b
		want   [2]int64
		wantAt int64
	}{
		{"b highest", []int64{10 << 20, 40 << 20, 40 << 20, 90 << 20}, [2]int64{40 << 20, 90 << 20}, 90 << 20},
		{"start highest", []int64{300 << 20, 40 << 20, 40 << 20, 50 << 20}, [2]int64{40 << 20, 50 << 20}, 300 << 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &fakeMemory{peaks: tc.peaks}
			res, err := Run(context.Background(), Config{BaseURL: srv.URL, Token: "tok", Clients: 1, Duration: 50 * time.Millisecond, Routes: routes, Memory: m})
			if err != nil {
				t.Fatal(err)
			}
			if m.resets != 2 || len(m.peaks) != 0 {
				t.Errorf("%d resets and %d readings left; want 2 and 0", m.resets, len(m.peaks))
			}
			if got := [2]int64{res.Routes[0].PeakRSS, res.Routes[1].PeakRSS}; got != tc.want || res.PeakRSS != tc.wantAt {
				t.Errorf("route peaks %v, run peak %d; want %v and %d", got, res.PeakRSS, tc.want, tc.wantAt)
			}
			var out strings.Builder
			if err := res.Print(&out); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), "peak MB |") || !strings.Contains(out.String(), fmtMB(tc.want[1])) {
				t.Errorf("no peak column in:\n%s", out.String())
			}
		})
	}
}

func fmtMB(b int64) string { return fmt.Sprintf("| %7d |", b>>20) }
