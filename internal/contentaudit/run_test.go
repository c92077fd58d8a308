package contentaudit

import (
	"errors"
	"regexp"
	"slices"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
)

func TestRunRefusesABadPeriod(t *testing.T) {
	t.Parallel()
	cases := []struct {
		from, to string
		fields   map[string]string
	}{
		{"", "2026-09-30", map[string]string{"from": "must be a date written YYYY-MM-DD"}},
		{"2026-07-01", "2026-09-31", map[string]string{"to": "must be a date written YYYY-MM-DD"}},
		{"2026-7-1", "30/09/2026", map[string]string{"from": "must be a date written YYYY-MM-DD", "to": "must be a date written YYYY-MM-DD"}},
		{"2026-10-01", "2026-09-30", map[string]string{"to": "must be on or after the start of the period (2026-10-01)"}},
	}
	for _, c := range cases {
		_, err := Run(Input{From: c.from, To: c.to, Today: "2026-11-30"})
		ae, ok := errors.AsType[*apperr.Error](err)
		if !ok || ae.Code != apperr.Invalid {
			t.Errorf("%s..%s: err = %v, want Invalid", c.from, c.to, err)
			continue
		}
		for f, msg := range c.fields {
			if ae.Fields[f] != msg {
				t.Errorf("%s..%s: field %s = %q, want %q", c.from, c.to, f, ae.Fields[f], msg)
			}
		}
		if len(ae.Fields) != len(c.fields) {
			t.Errorf("%s..%s: fields = %v", c.from, c.to, ae.Fields)
		}
	}
	if _, err := Run(Input{From: "2026-07-01", To: "2026-09-30"}); err == nil {
		t.Error("no today: want an error")
	}
}

func TestPeriodWords(t *testing.T) {
	t.Parallel()
	cases := []struct{ from, to, name, words string }{
		{"2026-07-01", "2026-09-30", "Q3 2026", "in Q3 2026"},
		{"2026-01-01", "2026-03-31", "Q1 2026", "in Q1 2026"},
		{"2026-01-01", "2026-12-31", "2026", "in 2026"},
		{"2026-02-01", "2026-02-28", "February 2026", "in February 2026"},
		{"2024-02-01", "2024-02-29", "February 2024", "in February 2024"},
		{"2026-02-01", "2026-03-31", "1 February 2026 to 31 March 2026", "between 1 February 2026 and 31 March 2026"},
		{"2026-07-02", "2026-09-30", "2 July 2026 to 30 September 2026", "between 2 July 2026 and 30 September 2026"},
		{"2026-07-04", "2026-07-04", "4 July 2026", "on 4 July 2026"},
	}
	for _, c := range cases {
		p, err := checkPeriod(c.from, c.to)
		if err != nil || p.name != c.name || p.words != c.words {
			t.Errorf("%s..%s = %q, %q, %v; want %q, %q", c.from, c.to, p.name, p.words, err, c.name, c.words)
		}
	}
}

func TestRunListsThePeriodsItems(t *testing.T) {
	t.Parallel()
	before := post(1, "Before", "2026-06-30")
	spans := prog(2, "Spans in", "2026-06-01")
	spans.Until = "2026-07-01"
	last := post(3, "Last day", "2026-09-30")
	after := post(4, "After", "2026-10-01")
	undated := post(5, "Idea", "")
	cancelled := prog(6, "Cancelled", "2026-08-01")
	cancelled.Withdrawn = true
	b := post(7, "B same day", "2026-08-01")
	in := q3()
	in.Items = []Item{last, after, undated, cancelled, b, before, spans}
	res, err := Run(in)
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, it := range res.Items {
		got = append(got, it.ID)
	}
	if want := []int64{2, 7, 6, 3}; !slices.Equal(got, want) {
		t.Errorf("items = %v, want %v", got, want)
	}
	if res.From != "2026-07-01" || res.To != "2026-09-30" || res.Period != "Q3 2026" {
		t.Errorf("result period = %s..%s %q", res.From, res.To, res.Period)
	}
}

func TestRulesTable(t *testing.T) {
	t.Parallel()
	snake := regexp.MustCompile(`^[a-z]+(_[a-z]+)*$`)
	seen := map[string]bool{}
	for _, r := range Rules() {
		if !snake.MatchString(r.ID) || seen[r.ID] || r.Title == "" || r.Checks == "" || r.check == nil {
			t.Errorf("rule %+v: want a unique snake_case id, a title, what it checks and a check", r)
		}
		seen[r.ID] = true
	}
	// Every gap a rule reports is keyed under its own id.
	in := q3()
	in.Goals = []Goal{{ID: 1, Title: "G", Status: "active"}}
	res, err := Run(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range res.Gaps {
		if !seen[g.Rule] || !regexp.MustCompile(`^`+g.Rule+`(:|$)`).MatchString(g.Key) || g.Links == nil || g.Figures == nil {
			t.Errorf("gap %+v", g)
		}
	}
}

func TestCount(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 12345: "12,345", 1234567: "1,234,567", -1500: "-1,500"} {
		if got := count(n); got != want {
			t.Errorf("count(%d) = %q, want %q", n, got, want)
		}
	}
}

// The period comes from a query string: whatever it holds, Run answers
// with a result or an Invalid error, never a panic.
func FuzzRunPeriod(f *testing.F) {
	for _, s := range [][2]string{{"2026-07-01", "2026-09-30"}, {"2026-02-29", "2026-03-01"}, {"", ""},
		{"0000-01-01", "9999-12-31"}, {"2026-13-01", "2026-07-01"}, {"2026-07-01\x00", "2026-07-01"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, from, to string) {
		res, err := Run(Input{From: from, To: to, Today: "2026-11-30", Goals: []Goal{{ID: 1, Title: "G", Status: "active"}},
			Items: []Item{post(1, "P", "2026-07-01")}})
		if err != nil {
			if ae, ok := errors.AsType[*apperr.Error](err); !ok || ae.Code != apperr.Invalid {
				t.Fatalf("Run(%q, %q): %v", from, to, err)
			}
			return
		}
		if res.From != from || res.To != to || from > to || res.Period == "" || len(res.Gaps) == 0 {
			t.Fatalf("Run(%q, %q) = %+v", from, to, res)
		}
	})
}
