package contentaudit

import "testing"

func TestItemsWithoutGoal(t *testing.T) {
	t.Parallel()
	linked := prog(1, "Linked call", "2026-07-01")
	linked.Goals = serves(1)
	var loose []Item
	for i, title := range []string{"A", "B", "C", "D", "E", "F"} {
		loose = append(loose, post(int64(10+i), title, "2026-08-0"+itoa(int64(i+1))))
	}
	cancelled := prog(2, "Cancelled", "2026-07-02")
	cancelled.Withdrawn = true
	before := post(3, "Before", "2026-06-30")

	cases := []struct {
		name  string
		items []Item
		want  []Gap
	}{
		{name: "all linked", items: []Item{linked, cancelled, before}},
		{name: "one", items: []Item{linked, loose[0], cancelled, before},
			want: []Gap{{Key: "item_without_goal",
				Message: "1 of the 2 items in Q3 2026 serves no goal: “A”. Link each to the goal it serves, or consider stopping it.",
				Figures: map[string]float64{"items_without_goal": 1, "items_in_period": 2},
				Links:   []Link{link(loose[0])}}}},
		{name: "six, the first five named", items: append([]Item{linked}, loose...),
			want: []Gap{{Key: "item_without_goal",
				Message: "6 of the 7 items in Q3 2026 serve no goal: “A”, “B”, “C”, “D”, “E” and 1 more. Link each to the goal it serves, or consider stopping it.",
				Figures: map[string]float64{"items_without_goal": 6, "items_in_period": 7},
				Links:   linksOf(loose...)}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			in := q3()
			in.Items = c.items
			wantGaps(t, gapsOf(t, in, "item_without_goal"), c.want)
		})
	}
}

func TestReviewOverdue(t *testing.T) {
	t.Parallel()
	guide := post(1, "Onboarding guide", "2025-01-10")
	guide.ReviewBy = "2026-03-01"
	faq := post(2, "FAQ", "2026-07-10")
	faq.ReviewBy = "2026-09-30"
	archived := post(3, "Old report", "2024-01-01")
	archived.ReviewBy, archived.Withdrawn = "2025-01-01", true
	policy := post(4, "Code of conduct", "2025-05-01")
	policy.ReviewBy = "2026-10-01"

	cases := []struct {
		name, to, today string
		want            []Gap
	}{
		{name: "a past quarter is judged as of the day after its end", to: "2026-09-30", today: "2026-11-30",
			want: []Gap{{Key: "review_overdue",
				Message: "2 items are past their review-by date on 1 October 2026: “Onboarding guide” (review by 1 March 2026) and “FAQ” (review by 30 September 2026).",
				Figures: map[string]float64{"items": 2, "most_days_overdue": 214},
				Links:   []Link{link(guide), link(faq)}}}},
		{name: "the current quarter is judged as of today", to: "2026-12-31", today: "2026-10-02",
			want: []Gap{{Key: "review_overdue",
				Message: "3 items are past their review-by date on 2 October 2026: “Onboarding guide” (review by 1 March 2026), “FAQ” (review by 30 September 2026) and “Code of conduct” (review by 1 October 2026).",
				Figures: map[string]float64{"items": 3, "most_days_overdue": 215},
				Links:   []Link{link(guide), link(faq), link(policy)}}}},
		{name: "due today is not yet overdue", to: "2026-12-31", today: "2026-03-01"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			in := q3()
			in.To, in.Today, in.Items = c.to, c.today, []Item{guide, faq, archived, policy}
			wantGaps(t, gapsOf(t, in, "review_overdue"), c.want)
		})
	}
}

func TestLowReachForEffort(t *testing.T) {
	t.Parallel()
	measure := func(it Item, hours float64, reach ...Reach) Item {
		it.EffortHours, it.Reach = hours, reach
		return it
	}
	att := func(n float64) Reach { return Reach{Metric: "attendees", Count: n} }
	call := measure(prog(1, "Call", "2026-07-01"), 1, att(30))         // 30 an hour
	workshop := measure(prog(2, "Workshop", "2026-07-02"), 4, att(40)) // 10 an hour
	course := measure(prog(3, "Course", "2026-07-03"), 40, att(40))    // 1 an hour
	clinic := measure(prog(4, "Clinic", "2026-07-04"), 2, att(2))      // 1 an hour
	unknown := measure(prog(5, "No effort said", "2026-07-05"), 0, att(1))
	video := measure(post(6, "Video", "2026-07-06"), 3, Reach{"views", 3})

	cases := []struct {
		name  string
		items []Item
		want  []Gap
	}{
		{name: "fewer than three comparable", items: []Item{call, course, unknown, video}},
		{name: "the median of four is 5.5 an hour: 1 is under a quarter of it",
			items: []Item{call, workshop, course, clinic, unknown, video},
			want: []Gap{
				{Key: "low_reach_for_effort:programme/3:attendees",
					Message: "“Course” reached 40 attendees for 40 hours of effort (1 an hour), under a quarter of the median of 5.5 an hour across the 4 items in Q3 2026 measured in attendees.",
					Figures: map[string]float64{"reach": 40, "effort_hours": 40, "reach_per_hour": 1, "median_reach_per_hour": 5.5, "comparable_items": 4},
					Links:   []Link{link(course)}},
				{Key: "low_reach_for_effort:programme/4:attendees",
					Message: "“Clinic” reached 2 attendees for 2 hours of effort (1 an hour), under a quarter of the median of 5.5 an hour across the 4 items in Q3 2026 measured in attendees.",
					Figures: map[string]float64{"reach": 2, "effort_hours": 2, "reach_per_hour": 1, "median_reach_per_hour": 5.5, "comparable_items": 4},
					Links:   []Link{link(clinic)}},
			}},
		{name: "the median of three is 10 an hour: 2.5 is not under a quarter",
			items: []Item{call, workshop, measure(prog(3, "Course", "2026-07-03"), 16, att(40))}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			in := q3()
			in.Items = c.items
			wantGaps(t, gapsOf(t, in, "low_reach_for_effort"), c.want)
		})
	}
}
