package goals_test

import (
	"testing"

	"github.com/trellis-community/trellis/internal/goals"
)

func TestPeriod(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, param, label, from, to, prev, next string
	}{
		{"2026-Q4", "2026-Q4", "2026 Q4", "2026-10-01", "2026-12-31", "2026-Q3", "2027-Q1"},
		{"2026-q1", "2026-Q1", "2026 Q1", "2026-01-01", "2026-03-31", "2025-Q4", "2026-Q2"},
		{"2028-Q1", "2028-Q1", "2028 Q1", "2028-01-01", "2028-03-31", "2027-Q4", "2028-Q2"},
		{"2026-Q2", "2026-Q2", "2026 Q2", "2026-04-01", "2026-06-30", "2026-Q1", "2026-Q3"},
		{"2026", "2026", "2026", "2026-01-01", "2026-12-31", "2025", "2027"},
	}
	for _, tt := range tests {
		p, err := goals.ParsePeriod(tt.in)
		if err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}
		got := []string{p.Param(), p.String(), p.From(), p.To(), p.Prev().Param(), p.Next().Param()}
		want := []string{tt.param, tt.label, tt.from, tt.to, tt.prev, tt.next}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: got %v, want %v", tt.in, got, want)
				break
			}
		}
	}
	for _, bad := range []string{"", "26", "2026-Q5", "2026-Q0", "2026-4", "Q4-2026", "20260", "2026-Q12", "abcd"} {
		if _, err := goals.ParsePeriod(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
	if q, ok := goals.QuarterOf("2026-09-30"); !ok || q.Param() != "2026-Q3" {
		t.Errorf("QuarterOf: %v %v", q, ok)
	}
}

// FuzzParsePeriod: whatever it is given, a period it accepts writes back
// to a parameter that reads as the same period, and spans real dates.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2026-Q4", "2026", "1999-q2", "2026-Q", "-Q1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := goals.ParsePeriod(s)
		if err != nil {
			return
		}
		again, err := goals.ParsePeriod(p.Param())
		if err != nil || again != p {
			t.Fatalf("%q → %v → %q → %v, %v", s, p, p.Param(), again, err)
		}
		if p.From() > p.To() {
			t.Fatalf("%q spans %s..%s", s, p.From(), p.To())
		}
	})
}
