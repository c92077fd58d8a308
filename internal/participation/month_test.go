package participation_test

import (
	"errors"

	"github.com/trellis-community/trellis/internal/apperr"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/participation"
)

func TestMonths(t *testing.T) {
	t.Parallel()
	nz, _ := time.LoadLocation("Pacific/Auckland")
	for _, tc := range []struct {
		at   string
		loc  *time.Location
		want participation.Month
	}{
		{"2026-11-30T23:59:59Z", time.UTC, 202611},
		{"2026-12-01T00:00:00Z", time.UTC, 202612},
		{"2026-11-30T11:00:00Z", nz, 202612}, // 1 Dec 00:00 in Auckland (NZDT, +13)
		{"2026-11-30T10:59:59Z", nz, 202611},
	} {
		at, _ := time.Parse(time.RFC3339, tc.at)
		if got := participation.MonthOf(at, tc.loc); got != tc.want {
			t.Errorf("%s in %s: %s, want %s", tc.at, tc.loc, got, tc.want)
		}
	}
	m := participation.Month(202601)
	if m.Add(-1) != 202512 || m.Add(11) != 202612 || m.Add(12) != 202701 || participation.Month(202701).Since(202612) != 1 || m.LastDay() != "2026-01-31" ||
		participation.Month(202802).LastDay() != "2028-02-29" || m.Label() != "Jan 2026" {
		t.Errorf("month arithmetic: %s %s %s %d %s", m.Add(-1), m.Add(11), m.Add(12), participation.Month(202701).Since(202612), m.LastDay())
	}
	for _, tc := range []struct {
		from, to  string
		want      participation.Period
		wantField string
	}{
		{"", "", participation.Period{From: 202512, To: 202611}, ""},
		{"2026-01", "", participation.Period{From: 202601, To: 202611}, ""},
		{"", "2026-06", participation.Period{From: 202507, To: 202606}, ""},
		{"2026-07", "2026-06", participation.Period{}, "to"},
		{"2023-11", "2026-11", participation.Period{}, "to"},
		{"2023-12", "2026-11", participation.Period{From: 202312, To: 202611}, ""},
		{"", "2026-12", participation.Period{}, "to"},
		{"2026-13", "", participation.Period{}, "from"},
		{"", "26-11", participation.Period{}, "to"},
	} {
		p, err := participation.ParsePeriod(tc.from, tc.to, 202611, 12)
		switch {
		case tc.wantField == "" && (err != nil || p != tc.want):
			t.Errorf("%q %q: %+v %v, want %+v", tc.from, tc.to, p, err, tc.want)
		case tc.wantField != "" && (err == nil || !hasField(err, tc.wantField)):
			t.Errorf("%q %q: %v, want an error on %s", tc.from, tc.to, err, tc.wantField)
		}
	}
}

func hasField(err error, field string) bool {
	for _, f := range fieldsOf(err) {
		if f == field {
			return true
		}
	}
	return false
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2026-11", "", "2026-13", "0000-01", "9999-12", "2026-1", "2026-11x", "-001-01"} {
		f.Add(s, "2026-11")
	}
	f.Fuzz(func(t *testing.T, from, to string) {
		p, err := participation.ParsePeriod(from, to, 202611, 12)
		if err != nil {
			if len(fieldsOf(err)) == 0 {
				t.Fatalf("error without a field: %v", err)
			}
			return
		}
		if p.To < p.From || p.To > 202611 || p.To.Since(p.From) >= participation.MaxMonths || len(p.Months()) != p.To.Since(p.From)+1 {
			t.Fatalf("%q %q gave %+v", from, to, p)
		}
		if m, err := participation.ParseMonth("x", p.From.String()); err != nil || m != p.From {
			t.Fatalf("%s does not read back: %v %v", p.From, m, err)
		}
	})
}

func fieldsOf(err error) []string {
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		return nil
	}
	var out []string
	for k := range ae.Fields {
		out = append(out, k)
	}
	return out
}
