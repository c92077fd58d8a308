package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/contentaudit"
	"github.com/trellis-community/trellis/internal/demo"
)

// TestDemoAudit: the audit of the quarter before load day finds the gaps
// the demo plants, so a newcomer sees a real audit at once: no co-create
// programming, every session at night for members in Asia and Oceania, a
// goal nothing serves, items with no goal; and this quarter's audit finds
// the old posts past their review date.
func TestDemoAudit(t *testing.T) {
	t.Parallel()
	a := loadedCopy(t, demo.Options{})
	ctx := context.Background()
	this, _ := contentaudit.QuarterOf(fixedNow.Format("2006-01-02"))
	audit := func(q contentaudit.Quarter) map[string]contentaudit.Gap {
		res, err := a.ContentAudit.Audit(ctx, q.From, q.To)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Items) == 0 {
			t.Errorf("the audit of %s lists no item", q.Name)
		}
		found := map[string]contentaudit.Gap{}
		for _, g := range res.Gaps {
			found[g.Rule+"|"+g.Key] = g
			found[g.Rule] = g
		}
		return found
	}
	last := audit(this.Before(1)[0])
	if _, ok := last["mode_without_programming|mode_without_programming:co_create"]; !ok {
		t.Error("no gap for co-create programming")
	}
	night, ok := last["sessions_at_night"]
	if !ok {
		t.Fatal("no gap for sessions at night")
	}
	far := 0
	for _, d := range night.Details {
		if strings.HasPrefix(d.Label, "Asia/") || strings.HasPrefix(d.Label, "Australia/") || strings.HasPrefix(d.Label, "Pacific/") {
			far += int(d.Count)
		}
	}
	if far == 0 || float64(far) != night.Figures["members"] {
		t.Errorf("sessions at night for %d members of Asia and Oceania, %v in all: %v", far, night.Figures["members"], night.Details)
	}
	curriculum := false
	for _, g := range last {
		if g.Rule == "goal_served_by_nothing" && strings.Contains(g.Message, "Build a shared data-stewardship curriculum") {
			curriculum = true
		}
	}
	if !curriculum {
		t.Error("the curriculum goal is served by something")
	}
	if g, ok := last["item_without_goal"]; !ok || len(g.Links) == 0 {
		t.Errorf("no items without a goal: %v", g)
	}
	if g, ok := audit(this)["review_overdue"]; !ok || g.Figures["items"] < 2 {
		t.Errorf("this quarter's audit finds no items past review: %v", g)
	}
}
