package demo

import (
	"cmp"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/members"
)

var planNow = time.Date(2026, 3, 10, 14, 30, 0, 0, time.UTC)

// levelOfKind is the mode each generated kind counts as.
func levelOfKind(t *testing.T, kind string) int {
	t.Helper()
	for lv, ks := range kindsByLevel {
		for _, k := range ks {
			if k.kind == kind {
				return lv
			}
		}
	}
	t.Fatalf("kind %q is in no level", kind)
	return -1
}

// The standard demo's two years: every source and mode, people moving up
// and down, drifting, newcomers who stay and who did one thing.
func TestActivityPlanShape(t *testing.T) {
	t.Parallel()
	p := newPlan(DefaultSeed, newCalendar(planNow, time.UTC), standardMembers, 0)
	acts := p.planActivities(activitiesPerMember*len(p.people), false)
	if len(acts) != activitiesPerMember*len(p.people) {
		t.Fatalf("%d activities, want %d", len(acts), activitiesPerMember*len(p.people))
	}
	sources, levels := map[string]int{}, map[int]int{}
	ids := map[string]bool{}
	type span struct{ early, late, recent, all, n int }
	byPerson := map[int]*span{}
	for _, a := range acts {
		sources[a.source]++
		lv := levelOfKind(t, a.kind)
		levels[lv]++
		ps := &p.people[a.person]
		switch {
		case a.day < -activityDays || a.day > 0:
			t.Fatalf("activity on day %d, outside the two years: %+v", a.day, a)
		case a.day < ps.join:
			t.Fatalf("activity on day %d before its member joined on day %d: %+v", a.day, ps.join, a)
		case ps.m.Status == members.StatusProspective:
			t.Fatalf("activity of someone who has not joined: %+v", a)
		case a.title == "" || strings.ContainsAny(a.title, "{}"):
			t.Fatalf("title %q", a.title)
		}
		if a.url != "" {
			u, err := url.Parse(a.url)
			if err != nil || u.Scheme != "https" || !strings.HasSuffix(u.Host, "example.org") {
				t.Fatalf("url %q must be a web address under example.org", a.url)
			}
		}
		if a.externalID != "" {
			if ids[a.source+" "+a.externalID] {
				t.Fatalf("external id %s %s twice", a.source, a.externalID)
			}
			ids[a.source+" "+a.externalID] = true
		} else if a.source != "manual" {
			t.Fatalf("a %s activity without an external id: %+v", a.source, a)
		}
		s := byPerson[a.person]
		if s == nil {
			s = &span{early: -1, late: -1}
			byPerson[a.person] = s
		}
		s.n++
		s.all = max(s.all, lv)
		if a.day < -400 {
			s.early = max(s.early, lv)
		}
		if a.day >= -180 {
			s.late = max(s.late, lv)
		}
		if a.day >= -90 {
			s.recent++
		}
	}
	for _, src := range []string{"github", "discourse", "slack", "manual", "import"} {
		if sources[src] < 20 {
			t.Errorf("%d activities from %s, want at least 20 (all: %v)", sources[src], src, sources)
		}
	}
	for lv := lvConvey; lv <= lvCoCreate; lv++ {
		if levels[lv] < 50 {
			t.Errorf("%d activities of level %d, want at least 50 (all: %v)", levels[lv], lv, levels)
		}
	}
	var up, down, drifting, stayed, once int
	for i, s := range byPerson {
		ps := &p.people[i]
		if s.early >= 0 && s.late >= 0 && s.late > s.early {
			up++
		}
		if s.early >= 0 && s.late >= 0 && s.late < s.early {
			down++
		}
		if ps.m.Status == members.StatusActive && s.n >= 3 && s.recent == 0 {
			drifting++
		}
		if ps.join > -60 {
			if s.n == 1 {
				once++
			} else {
				stayed++
			}
		}
	}
	for _, c := range []struct {
		what string
		n    int
	}{{"moved up", up}, {"moved down", down}, {"active members gone quiet", drifting}, {"newcomers who stayed", stayed},
		{"newcomers who did one thing", once}} {
		if c.n < 2 {
			t.Errorf("%d members %s, want some", c.n, c.what)
		}
	}
	// The same seed draws the same two years.
	if again := p.planActivities(activitiesPerMember*len(p.people), false); !slices.Equal(again, acts) {
		t.Error("two plans from one seed differ")
	}
}

// A benchmark community's activity follows a power law: most members
// only take in (convey), and the most active 1 % make most of the
// contributions.
func TestBulkActivityShape(t *testing.T) {
	t.Parallel()
	const n, total = 20_000, 1_000_000
	p := newPlan(DefaultSeed, newCalendar(planNow, time.UTC), n, 1)
	acts := p.planActivities(total, true)
	if len(acts) != total {
		t.Fatalf("%d activities, want %d", len(acts), total)
	}
	contributions := make([]int, len(p.people))
	all := 0
	for _, a := range acts {
		if levelOfKind(t, a.kind) > lvConvey {
			contributions[a.person]++
			all++
		}
		if a.source == "programming" {
			t.Fatalf("a bulk activity claims to come from attendance: %+v", a)
		}
	}
	conveyOnly := 0
	for _, c := range contributions {
		if c == 0 {
			conveyOnly++
		}
	}
	if conveyOnly*2 < len(p.people) {
		t.Errorf("%d of %d members only convey, want most", conveyOnly, len(p.people))
	}
	slices.SortFunc(contributions, func(a, b int) int { return cmp.Compare(b, a) })
	top := 0
	for _, c := range contributions[:len(contributions)/100] {
		top += c
	}
	t.Logf("convey only: %d of %d members; the top 1 %% make %d of %d contributions; the most active member has %d",
		conveyOnly, len(p.people), top, all, contributions[0])
	if top*2 < all {
		t.Errorf("the most active 1 %% make %d of %d contributions, want most", top, all)
	}
}

// activityCounts hands out exactly the total asked for, one each to the
// newcomers who did one thing, none to those never active.
func TestActivityCounts(t *testing.T) {
	t.Parallel()
	arcs := []arc{{from: -100, to: 0, intensity: 1}, {from: 1, to: 0, intensity: 5}, {from: -20, to: 0, once: true},
		{from: -700, to: -300, intensity: 3}, {from: -50, to: -10, intensity: 0.5}}
	// At most four a day: 404 + 1 + 1604 + 164 in all.
	for _, tt := range []struct{ total, want int }{{0, 0}, {1, 1}, {2, 2}, {7, 7}, {100, 100}, {2000, 2000}, {12345, 2173}} {
		got := activityCounts(arcs, tt.total)
		sum := 0
		for i, c := range got {
			sum += c
			if a := arcs[i]; a.from <= a.to && c > maxPerDay*(a.to-a.from+1) {
				t.Errorf("total %d: arc %d has %d, more than four a day", tt.total, i, c)
			}
		}
		if sum != tt.want || got[1] != 0 || (tt.total > 0 && got[2] != 1) {
			t.Errorf("total %d: counts %v (sum %d), want %d in all", tt.total, got, sum, tt.want)
		}
	}
}

// BenchmarkActivityGeneration is the generator alone, without writing:
// what a bulk load spends drawing each activity.
func BenchmarkActivityGeneration(b *testing.B) {
	p := newPlan(DefaultSeed, newCalendar(planNow, time.UTC), 10_000, 1)
	arcs := p.activityArcs()
	counts := activityCounts(arcs, 500_000)
	b.ResetTimer()
	for b.Loop() {
		g := newActivityGen(newRNG(p.seed, "activities"), true)
		n := 0
		for i := range p.people {
			g.member(i, &p.people[i], arcs[i], counts[i], func(a *genActivity) {
				n += len(a.title) + int(p.cal.at(a.day, a.minute).Unix()&1)
			})
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/500_000, "ns/activity")
}
