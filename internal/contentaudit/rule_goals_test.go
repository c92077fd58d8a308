package contentaudit

import "testing"

func TestGoalRules(t *testing.T) {
	t.Parallel()
	reach := Goal{ID: 1, Title: "Reach early career researchers", Path: "/goals/1", Status: "active"}
	open := Goal{ID: 2, Title: "Open science practice", Path: "/goals/2", Status: "active"}
	old := Goal{ID: 3, Title: "Grow the mailing list", Path: "/goals/3", Status: "retired", RetiredOn: "2026-05-01"}
	late := Goal{ID: 4, Title: "Found chapters", Path: "/goals/4", Status: "retired", RetiredOn: "2026-10-15"}
	endRetired := Goal{ID: 5, Title: "Run a survey", Path: "/goals/5", Status: "retired", RetiredOn: "2026-09-30"}

	march := post(10, "Spring newsletter", "2026-03-12")
	march.Goals = serves(2)
	may := prog(11, "May workshop", "2026-05-04")
	may.Until, may.Goals = "2026-05-20", serves(2)
	undated := post(12, "An idea", "")
	undated.Goals = serves(1)
	cancelled := prog(13, "Cancelled call", "2026-08-01")
	cancelled.Withdrawn, cancelled.Goals = true, serves(1)
	spanning := prog(14, "Mentoring round", "2026-06-01")
	spanning.Until, spanning.Goals = "2026-07-01", serves(2) // its last day is the period's first
	later := post(15, "October post", "2026-10-02")
	later.Goals = serves(1)

	nothing := func(g Goal) Gap {
		return Gap{Key: "goal_served_by_nothing:goal/" + itoa(g.ID),
			Message: "Nothing serves the goal “" + g.Title + "”: no programme or content item in Q3 2026 or before is linked to it.",
			Figures: map[string]float64{"items_in_period": 0, "items_before": 0},
			Links:   []Link{goalLink(g)}}
	}
	cases := []struct {
		name       string
		goals      []Goal
		items      []Item
		nothing    []Gap
		onlyBefore []Gap
	}{
		{name: "no goals, no gaps"},
		{name: "an empty period: every active goal is served by nothing, retired ones are not judged",
			goals:   []Goal{reach, open, old, late, endRetired},
			nothing: []Gap{nothing(reach), nothing(open), nothing(late)}},
		{name: "undated, cancelled and later items serve nothing yet",
			goals: []Goal{reach}, items: []Item{undated, cancelled, later},
			nothing: []Gap{nothing(reach)}},
		{name: "served only before the period, latest first",
			goals: []Goal{open}, items: []Item{march, may},
			onlyBefore: []Gap{{Key: "goal_served_only_before:goal/2",
				Message: "Nothing in Q3 2026 serves the goal “Open science practice”; 2 items before did, the latest “May workshop” on 20 May 2026.",
				Figures: map[string]float64{"items_in_period": 0, "items_before": 2, "days_since_last": 42},
				Links:   []Link{goalLink(open), link(may), link(march)}}}},
		{name: "an item whose last day is the period's first serves it in the period",
			goals: []Goal{open}, items: []Item{march, spanning}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			in := q3()
			in.Goals, in.Items = c.goals, c.items
			wantGaps(t, gapsOf(t, in, "goal_served_by_nothing"), c.nothing)
			wantGaps(t, gapsOf(t, in, "goal_served_only_before"), c.onlyBefore)
		})
	}
}
