package app_test

import (
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/jobs"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// A change of rules queues one re-derivation job however many changes
// come before it runs; the job brings every member's standing up to the
// new rules, and the hourly check after it finds nothing to do.
func TestRulesChangedQueuesOneRederivation(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
		w := newWorld(t, db, func() time.Time { return now })
		part := w.a.Participation
		if _, err := part.LogActivity(ctx, w.keep.ID, participation.Item{Kind: "asked_question", OccurredAt: "2026-03-14T09:00:00Z"}); err != nil {
			t.Fatal(err)
		}
		for _, weight := range []int{3, 4} {
			if _, err := part.UpdateKind(ctx, "asked_question", participation.KindInput{Label: "Asked a question", Mode: participation.Collaborate, Weight: weight}); err != nil {
				t.Fatal(err)
			}
		}
		queued, err := w.a.Jobs.List(ctx, jobs.Filter{Status: jobs.Queued})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, j := range queued {
			if j.Kind == app.JobRederiveParticipation {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%d re-derivation jobs queued after two changes, want 1", n)
		}
		for {
			ran, err := w.a.Jobs.RunNext(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !ran {
				break
			}
		}
		sums, err := part.Summaries(ctx, []int64{w.keep.ID})
		if err != nil {
			t.Fatal(err)
		}
		if s := sums[w.keep.ID]; s.Mode != participation.Collaborate || s.Stage != participation.StageNewcomer {
			t.Errorf("after the job: %+v, want collaborate, newcomer", s)
		}
		st, err := part.StandingState(ctx)
		if err != nil || st.Pending() || st.AsOf != "2026-03-14" || st.Total != 1 {
			t.Errorf("state after the job: %+v %v", st, err)
		}
		if res, err := part.RederiveAll(ctx, false); err != nil || !res.Skipped {
			t.Errorf("the hourly check: %+v %v, want skipped", res, err)
		}
	})
}
