package participation_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestStandingStore follows members' standing through what changes it:
// new activities (Ingest, LogActivity), a change of rules and the pass
// that re-derives everyone, a merge; and reads it back as summaries, one
// member's detail and the lists.
func TestStandingStore(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.svc.RulesChanged = func(ctx context.Context) error { _, err := f.svc.MarkRulesChanged(ctx); return err }
		ada, grace := f.ids[0], f.ids[1]
		more := map[string]int64{}
		for _, name := range []string{"Lin", "Mo", "Kai"} {
			m, err := f.mem.Create(f.ctx, members.Member{Name: name})
			if err != nil {
				t.Fatal(err)
			}
			more[name] = m.ID
		}
		line := func(id int64, kind, at string) string {
			return fmt.Sprintf(`{"member_id": %d, "kind": %q, "occurred_at": %q}`, id, kind, at)
		}
		body := strings.Join([]string{
			line(ada, "asked_question", "2026-07-01T12:00:00Z"),
			line(ada, "answered_question", "2026-11-30T12:00:00Z"),
			line(grace, "attended_call", "2026-06-03T12:00:00Z"),
			line(more["Lin"], "attended_call", "2026-10-01T12:00:00Z"),
			line(more["Mo"], "posted_forum", "2026-10-20T12:00:00Z"),
			line(more["Kai"], "co_authored", "2026-10-15T12:00:00Z"),
		}, "\n")
		if _, err := f.ingest(body, true); err != nil {
			t.Fatal(err)
		}
		check := func(when string, want map[int64]participation.Summary) {
			t.Helper()
			var ids []int64
			for id := range want {
				ids = append(ids, id)
			}
			got, err := f.svc.Summaries(f.ctx, ids)
			if err != nil {
				t.Fatal(err)
			}
			for id, w := range want {
				g, ok := got[id]
				if !ok {
					g = participation.NoSummary
				}
				if g.Mode != w.Mode || g.ModeSince != w.ModeSince || g.Stage != w.Stage || !near(g.Engagement, w.Engagement) {
					t.Errorf("%s: member %d is %+v, want %+v", when, id, g, w)
				}
			}
		}
		// Ada: asked (2) on 1 July, answered (3) today. Grace: a call
		// exactly 180 days ago, 0.25 of its weight 1, lapsed.
		check("after Ingest", map[int64]participation.Summary{
			ada:   {Mode: participation.Contribute, ModeSince: "2026-11-30", Stage: participation.StageParticipating, Engagement: 3.620331423},
			grace: {Mode: participation.NoMode, ModeSince: "2026-09-01", Stage: participation.StageLapsed, Engagement: 0.25},
		})
		if _, err := f.svc.LogActivity(f.ctx, grace, participation.Item{Kind: "hosted_session", OccurredAt: "2026-11-30T12:00:00Z"}); err != nil {
			t.Fatal(err)
		}
		check("after LogActivity", map[int64]participation.Summary{
			grace: {Mode: participation.CoCreate, ModeSince: "2026-11-30", Stage: participation.StageLeading, Engagement: 5.25},
		})

		// A change of rules leaves the stored standing until the pass.
		if _, err := f.svc.UpdateKind(f.ctx, "asked_question", participation.KindInput{Label: "Asked a question", Mode: participation.Collaborate, Weight: 2}); err != nil {
			t.Fatal(err)
		}
		if st, err := f.svc.StandingState(f.ctx); err != nil || !st.Pending() {
			t.Fatalf("after a kind change: %+v %v, want pending", st, err)
		}
		res, err := f.svc.RederiveAll(f.ctx, false)
		if err != nil || res.Skipped || res.Members != 5 || res.Activities != 7 || res.Written != 1 {
			t.Fatalf("RederiveAll: %+v %v", res, err)
		}
		check("after RederiveAll", map[int64]participation.Summary{
			// 1 July is outside the window: still contribute, but the
			// deepest mode ever is now collaborate.
			ada:   {Mode: participation.Contribute, ModeSince: "2026-11-30", Stage: participation.StageParticipating, Engagement: 3.620331423},
			grace: {Mode: participation.CoCreate, ModeSince: "2026-11-30", Stage: participation.StageLeading, Engagement: 5.25},
		})
		if res, err := f.svc.RederiveAll(f.ctx, false); err != nil || !res.Skipped {
			t.Fatalf("second RederiveAll the same day: %+v %v, want skipped", res, err)
		}
		// Forced with nothing changed, a pass rewrites nothing.
		if res, err := f.svc.RederiveAll(f.ctx, true); err != nil || res.Written != 0 || res.Members != 5 {
			t.Fatalf("forced RederiveAll with nothing changed: %+v %v, want 0 written", res, err)
		}

		d, err := f.svc.MemberStanding(f.ctx, ada)
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(d.Pathway); got != "[{2026-07-01 none collaborate true} {2026-09-29 collaborate none false} {2026-11-30 none contribute true}]" {
			t.Errorf("Ada's pathway %s", got)
		}
		if len(d.Breakdown) != 2 || d.Breakdown[0].Contribution != 3 || d.Breakdown[0].Weight != 3 || d.WindowFrom != "2026-09-02" || d.Stage != participation.StageParticipating {
			t.Errorf("Ada's detail %+v", d)
		}
		if _, err := f.svc.MemberStanding(f.ctx, 999999); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("an unknown member: %v", err)
		}

		list := func(q participation.ListQuery) ([]string, string) {
			t.Helper()
			rows, next, err := f.svc.List(f.ctx, q)
			if err != nil {
				t.Fatalf("%+v: %v", q, err)
			}
			var names []string
			for _, r := range rows {
				names = append(names, r.Name)
			}
			return names, next
		}
		for _, tc := range []struct {
			q    participation.ListQuery
			want string
		}{
			// Ada has collaborated now (asked_question counts as
			// collaborate): nobody is ready for a next step.
			{participation.ListQuery{Name: participation.ListNextStep}, "[]"},
			{participation.ListQuery{Name: participation.ListQuietNewcomers}, "[Mo Kai Lin]"},
			{participation.ListQuery{Name: participation.ListGoingQuiet}, "[Kai]"},
		} {
			if got, _ := list(tc.q); fmt.Sprint(got) != tc.want && !(tc.want == "[]" && len(got) == 0) {
				t.Errorf("%s: %v, want %s", tc.q.Name, got, tc.want)
			}
		}
		// Back to contribute: Ada, around since 1 July, is ready.
		if _, err := f.svc.UpdateKind(f.ctx, "asked_question", participation.KindInput{Label: "Asked a question", Mode: participation.Contribute, Weight: 2}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.RederiveAll(f.ctx, false); err != nil {
			t.Fatal(err)
		}
		if got, _ := list(participation.ListQuery{Name: participation.ListNextStep}); fmt.Sprint(got) != "[Ada]" {
			t.Errorf("next step: %v", got)
		}
		if got, _ := list(participation.ListQuery{Name: participation.ListNextStep, Months: 6}); len(got) != 0 {
			t.Errorf("next step, 6 months: %v (Ada's first activity is 152 days old)", got)
		}
		page1, next := list(participation.ListQuery{Name: participation.ListQuietNewcomers, Limit: 2})
		page2, last := list(participation.ListQuery{Name: participation.ListQuietNewcomers, Limit: 2, Cursor: next})
		if fmt.Sprint(page1, page2) != "[Mo Kai] [Lin]" || next == "" || last != "" {
			t.Errorf("pages %v %q %v %q", page1, next, page2, last)
		}
		for _, q := range []participation.ListQuery{{Name: "nope"}, {Name: participation.ListNextStep, Months: 61}, {Name: participation.ListGoingQuiet, Cursor: "x"}, {Name: participation.ListGoingQuiet, Limit: 501}} {
			if _, _, err := f.svc.List(f.ctx, q); !apperr.Is(err, apperr.Invalid) {
				t.Errorf("%+v: %v, want Invalid", q, err)
			}
		}

		// A merge: Kai's activity moves to Lin, whose standing counts both.
		if _, err := f.mem.Merge(f.ctx, more["Lin"], more["Kai"]); err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.Summaries(f.ctx, []int64{more["Lin"], more["Kai"]})
		if err != nil {
			t.Fatal(err)
		}
		if s := got[more["Lin"]]; s.Mode != participation.Collaborate || s.Stage != participation.StageNewcomer {
			t.Errorf("Lin after the merge: %+v", s)
		}
		if _, ok := got[more["Kai"]]; ok {
			t.Errorf("Kai still has a standing after the merge")
		}
	})
}

// TestRederiveAllOnASmallPool: a pass over everyone with a read pool of
// just its two readers finishes (the stored rows load on a third
// connection once a reader lets go of its own), writes only the rows
// that are missing or changed, and leaves every member's row in place.
func TestRederiveAllOnASmallPool(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, err := store.Open(ctx, storetest.DSN(t, d), store.Options{MaxReaders: 2})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			f := newFixture(t, db)
			ids := f.ids
			for i := range 6 {
				m, err := f.mem.Create(f.ctx, members.Member{Name: fmt.Sprintf("Member %d", i)})
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, m.ID)
			}
			var lines []string
			for i, id := range ids {
				for j := range 3 {
					lines = append(lines, fmt.Sprintf(`{"member_id": %d, "kind": "answered_question", "occurred_at": "2026-11-%02dT12:00:00Z"}`, id, 1+i+j))
				}
			}
			if _, err := f.ingest(strings.Join(lines, "\n"), true); err != nil {
				t.Fatal(err)
			}
			before, err := f.svc.Summaries(f.ctx, ids)
			if err != nil || len(before) != len(ids) {
				t.Fatalf("%d summaries after Ingest, want %d: %v", len(before), len(ids), err)
			}
			if _, err := db.Exec(ctx, "DELETE FROM member_standing WHERE member_id IN (?, ?)", ids[0], ids[5]); err != nil {
				t.Fatal(err)
			}
			pass, cancel := context.WithTimeout(f.ctx, 30*time.Second)
			defer cancel()
			res, err := f.svc.RederiveAll(pass, true)
			if err != nil {
				t.Fatal(err)
			}
			if res.Members != len(ids) || res.Activities != int64(3*len(ids)) || res.Written != 2 || res.Readers != 2 {
				t.Errorf("pass %+v, want %d members, %d activities, 2 rows written, 2 readers", res, len(ids), 3*len(ids))
			}
			after, err := f.svc.Summaries(f.ctx, ids)
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range ids {
				if after[id] != before[id] {
					t.Errorf("member %d: %+v after the pass, %+v before", id, after[id], before[id])
				}
			}
		})
	}
}
