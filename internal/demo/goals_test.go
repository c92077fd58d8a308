package demo_test

import (
	"context"
	"testing"

	"github.com/trellis-community/trellis/internal/demo"
	"github.com/trellis-community/trellis/internal/goals"
)

// TestDemoGoals: the demo sets the seven goals the rest of the demo links
// to by title, with figures measured recently, and the forum goal retired.
func TestDemoGoals(t *testing.T) {
	t.Parallel()
	a := loadedCopy(t, demo.Options{Members: 60})
	gs, err := a.Goals.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Welcome and keep early career researchers", "Share reproducible research practice",
		"Grow member-led programming", "Connect researchers across disciplines and regions",
		"Show our impact to funders and institutions", "Build a shared data-stewardship curriculum",
		"Launch the community forum",
	}
	if len(gs) != len(want) {
		t.Fatalf("%d goals, want %d", len(gs), len(want))
	}
	for i, g := range gs {
		if g.Title != want[i] {
			t.Errorf("goal %d is %q, want %q", i, g.Title, want[i])
		}
		if n := len(g.Indicators); n < 1 || n > 3 {
			t.Errorf("%q has %d indicators", g.Title, n)
		}
		retired := g.Title == "Launch the community forum"
		if (g.Status == goals.Retired) != retired || (retired && g.RetiredOn == "") {
			t.Errorf("%q: status %s retired on %q", g.Title, g.Status, g.RetiredOn)
		}
		if !retired && (g.Version != 2 || g.Indicators[0].MeasuredOn < fixedNow.AddDate(0, 0, -30).Format("2006-01-02")) {
			t.Errorf("%q: version %d, measured %s: want recent figures", g.Title, g.Version, g.Indicators[0].MeasuredOn)
		}
	}
}
