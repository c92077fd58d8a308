package goals_test

import (
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestCreateGetList(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		owner := f.user(t, "Amara Osei")
		ecr := f.create(t, goals.Goal{Title: "  Welcome early career researchers ", Why: "They are the *future*.\r\n",
			OwnerUserID: owner, Indicators: []goals.Indicator{
				{Name: "ECR members", Unit: "members", Target: num(50), Current: num(34), MeasuredOn: "2026-03-01"},
				{Name: "Mentoring pairs", Target: num(12)},
			}})
		if ecr.Title != "Welcome early career researchers" || ecr.Why != "They are the *future*." || ecr.Version != 1 ||
			ecr.Status != goals.Active || ecr.OwnerName != "Amara Osei" || len(ecr.Indicators) != 2 {
			t.Fatalf("created %+v", ecr)
		}
		if got := ecr.Indicators[0].Progress(); got != "34 of 50 members (68 %)" {
			t.Errorf("progress %q", got)
		}
		if got := ecr.Indicators[1].Progress(); got != "target 12, not measured yet" {
			t.Errorf("progress %q", got)
		}
		forum := f.create(t, goals.Goal{Title: "Launch the forum", Status: goals.Retired, RetiredOn: "2025-10-01"})
		share := f.create(t, goals.Goal{Title: "Share practice"})

		got, err := f.svc.Get(f.ctx, ecr.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Indicators[0].MeasuredOn != "2026-03-01" || *got.Indicators[0].Current != 34 || got.Indicators[1].Current != nil {
			t.Errorf("read back %+v", got.Indicators)
		}
		list, err := f.svc.List(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		var order []int64
		for _, g := range list {
			order = append(order, g.ID)
		}
		if want := []int64{ecr.ID, share.ID, forum.ID}; !equal(order, want) {
			t.Errorf("list order %v, want %v (active first, then retired)", order, want)
		}
		if _, err := f.svc.Get(f.ctx, 99999); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown goal: %v", err)
		}
		entries, err := audit.List(f.ctx, db, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) == 0 || !strings.Contains(entries[0].Summary, "Set the goal") || entries[0].Entity != "goal" {
			t.Errorf("audit %+v", entries)
		}
	})
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestValidation(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.create(t, goals.Goal{Title: "Grow member-led programming"})
		ok := func(in goals.Indicator) goals.Goal {
			return goals.Goal{Title: "A goal", Indicators: []goals.Indicator{in}}
		}
		tests := []struct {
			name  string
			g     goals.Goal
			field string
		}{
			{"no title", goals.Goal{Title: "  "}, "title"},
			{"title too long", goals.Goal{Title: strings.Repeat("x", goals.MaxTitle+1)}, "title"},
			{"title taken ignoring case", goals.Goal{Title: "GROW member-led PROGRAMMING"}, "title"},
			{"control characters", goals.Goal{Title: "Bad\x00title"}, "title"},
			{"why too long", goals.Goal{Title: "A goal", Why: strings.Repeat("y", goals.MaxText+1)}, "why"},
			{"unknown owner", goals.Goal{Title: "A goal", OwnerUserID: 424242}, "owner_user_id"},
			{"unknown status", goals.Goal{Title: "A goal", Status: "paused"}, "status"},
			{"retired on no date", goals.Goal{Title: "A goal", Status: goals.Retired, RetiredOn: "2026-02-30"}, "retired_on"},
			{"retired in the future", goals.Goal{Title: "A goal", Status: goals.Retired, RetiredOn: "2026-03-11"}, "retired_on"},
			{"indicator without name", ok(goals.Indicator{Target: num(3)}), "indicators[0].name"},
			{"target not finite", ok(goals.Indicator{Name: "n", Target: num(math.Inf(1))}), "indicators[0].target"},
			{"figure not a number", ok(goals.Indicator{Name: "n", Current: num(math.NaN())}), "indicators[0].current"},
			{"figure too large", ok(goals.Indicator{Name: "n", Current: num(2e12)}), "indicators[0].current"},
			{"measured without figure", ok(goals.Indicator{Name: "n", MeasuredOn: "2026-03-01"}), "indicators[0].measured_on"},
			{"measured on no date", ok(goals.Indicator{Name: "n", Current: num(1), MeasuredOn: "1 March"}), "indicators[0].measured_on"},
			{"measured tomorrow", ok(goals.Indicator{Name: "n", Current: num(1), MeasuredOn: "2026-03-11"}), "indicators[0].measured_on"},
			{"unit too long", ok(goals.Indicator{Name: "n", Unit: strings.Repeat("u", goals.MaxUnit+1)}), "indicators[0].unit"},
			{"too many indicators", goals.Goal{Title: "A goal", Indicators: make([]goals.Indicator, goals.MaxIndicators+1)}, "indicators"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := f.svc.Create(f.ctx, tt.g)
				checkErr(t, err, apperr.Invalid, tt.field)
			})
		}
		list, err := f.svc.List(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 {
			t.Errorf("%d goals stored, want only the first", len(list))
		}
	})
}

// Two people add a goal of the same title at the same moment: one is
// saved, the others told the title is taken, on the field, never a 500.
func TestConcurrentCreateSameTitle(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		const n = 8
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				title := "Grow member-led programming"
				if i%2 == 1 {
					title = strings.ToUpper(title)
				}
				_, errs[i] = f.svc.Create(f.ctx, goals.Goal{Title: title})
			})
		}
		wg.Wait()
		saved := 0
		for _, err := range errs {
			if err == nil {
				saved++
				continue
			}
			checkErr(t, err, apperr.Invalid, "title")
		}
		if saved != 1 {
			t.Errorf("%d saved, want 1", saved)
		}
	})
}
