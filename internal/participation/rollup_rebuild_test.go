package participation_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// figures is every figure over time of a period as JSON, for comparing
// one roll-up with another.
func figures(t *testing.T, h *history) string {
	t.Helper()
	var b strings.Builder
	p := participation.Period{From: 202609, To: 202703}
	funnel, err := h.svc.Funnel(h.ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	health, err := h.svc.Health(h.ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{funnel, health} {
		js, _ := json.Marshal(v)
		b.Write(js)
	}
	for m := p.From; m <= p.To; m = m.Add(1) {
		g, err := h.svc.Groups(h.ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		f, err := h.svc.Flows(h.ctx, m, m.Add(1))
		if err != nil {
			t.Fatal(err)
		}
		js, _ := json.Marshal([]any{g, f})
		b.Write(js)
	}
	return b.String()
}

// TestRebuildKeepsChangesMadeDuringIt: a rebuild runs a member at a time;
// between its ranges new activities arrive and are rolled up (for a member
// it has passed and one it has not), a member is deleted, and a second
// rebuild starts and finishes. The figures at the end are those of a
// rebuild from scratch, and readers saw whole figures throughout.
func TestRebuildKeepsChangesMadeDuringIt(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		supersede bool
	}{{"changes", false}, {"changes and a second rebuild", true}} {
		t.Run(tc.name, func(t *testing.T) { testRebuildKeepsChanges(t, tc.supersede) })
	}
}

func testRebuildKeepsChanges(t *testing.T, supersede bool) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		h := newHistory(t, db)
		if err := h.svc.RollUpAll(h.ctx); err != nil {
			t.Fatal(err)
		}
		before := figures(t, h)
		ada, cal, dee, eve := h.ids["Ada"], h.ids["Cal"], h.ids["Dee"], h.ids["Eve"]
		step := 0
		h.svc.RebuildActivities = 1
		h.svc.RebuildStep = func(ctx context.Context, done, last int64) {
			step++
			if done <= ada || step > 100 {
				return
			}
			if got := figures(t, h); got != before && step == 2 {
				t.Errorf("mid-rebuild, readers saw figures that changed")
			}
			switch step {
			case 2: // Ada is in the new generation; Dee and Eve are not yet.
				ingest(t, h, fmt.Sprintf(`{"member_id": %d, "kind": "led_working_group", "occurred_at": "2026-12-02T12:00:00Z", "external_id": "mid1"}
{"member_id": %d, "kind": "attended_call", "occurred_at": "2026-09-02T12:00:00Z", "external_id": "mid2"}
{"member_id": %d, "kind": "attended_call", "occurred_at": "2027-02-02T12:00:00Z", "external_id": "mid3"}`, ada, dee, eve))
			case 3:
				if err := h.mem.Delete(h.ctx, cal); err != nil {
					t.Error(err)
				}
				if err := h.svc.RollUp(h.ctx, []int64{cal}); err != nil {
					t.Error(err)
				}
			case 4:
				if !supersede {
					return
				}
				// A second rebuild takes over; the first stops.
				inner := *h.svc
				inner.RebuildStep = nil
				if err := inner.RollUpAll(h.ctx); err != nil {
					t.Error(err)
				}
			}
		}
		if err := h.svc.RollUpAll(h.ctx); err != nil {
			t.Fatal(err)
		}
		if step < 4 {
			t.Fatalf("the rebuild ran %d steps; the test needs 4", step)
		}
		got := figures(t, h)
		h.svc.RebuildStep = nil
		if err := h.svc.RollUpAll(h.ctx); err != nil {
			t.Fatal(err)
		}
		if want := figures(t, h); got != want {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			t.Errorf("after changes during a rebuild, from byte %d\n got %s\nwant %s", i, got[max(0, i-200):min(len(got), i+200)], want[max(0, i-200):min(len(want), i+200)])
		}
		if got == before {
			t.Errorf("the changes made during the rebuild left no mark")
		}
		st, err := h.svc.RollUpStatus(h.ctx)
		if err != nil || st.Rebuilding || !st.Built {
			t.Errorf("status after the rebuild: %+v, %v", st, err)
		}
		var gens int
		if err := db.QueryRow(h.ctx, "SELECT COUNT(DISTINCT generation) FROM participation_member_months").Scan(&gens); err != nil || gens != 1 {
			t.Errorf("generations left: %d, %v", gens, err)
		}
	})
}

// TestRebuildAfterACrash: a rebuild that stopped half way (its generation
// half written, the state saying so) is reported stale, readers see the
// figures from before, and the next rebuild clears what it left.
func TestRebuildAfterACrash(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		h := newHistory(t, db)
		if err := h.svc.RollUpAll(h.ctx); err != nil {
			t.Fatal(err)
		}
		before := figures(t, h)
		crash := context.Canceled
		ctx, cancel := context.WithCancelCause(h.ctx)
		h.svc.RebuildActivities = 1
		h.svc.RebuildStep = func(_ context.Context, done, _ int64) {
			if done > h.ids["Bea"] {
				cancel(crash)
			}
		}
		if err := h.svc.RollUpAll(ctx); err == nil {
			t.Fatal("the rebuild went on after its context ended")
		}
		st, err := h.svc.RollUpStatus(h.ctx)
		if err != nil || !st.Rebuilding || !st.Stale() {
			t.Fatalf("status after a crash: %+v, %v", st, err)
		}
		if got := figures(t, h); got != before {
			t.Errorf("after a crash readers see other figures")
		}
		h.svc.RebuildStep = nil
		if rebuilt, err := h.svc.RollUpIfStale(h.ctx); err != nil || !rebuilt {
			t.Fatalf("rebuild after the crash: %v, %v", rebuilt, err)
		}
		checkFigures(t, h)
		var gens int
		if err := db.QueryRow(h.ctx, "SELECT COUNT(DISTINCT generation) FROM participation_member_months").Scan(&gens); err != nil || gens != 1 {
			t.Errorf("generations left: %d, %v", gens, err)
		}
	})
}

func ingest(t *testing.T, h *history, lines string) {
	t.Helper()
	if _, err := h.svc.Ingest(h.ctx, participation.Decode(strings.NewReader(lines), true), participation.SourceAPI); err != nil {
		t.Error(err)
	}
}
