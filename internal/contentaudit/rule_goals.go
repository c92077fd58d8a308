package contentaudit

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// activeIn reports whether the goal was still active at the end of p: a
// goal retired on or before the period's last day is not judged.
func (g Goal) activeIn(p period) bool {
	return g.Status != "retired" || g.RetiredOn > p.to
}

// goalServing splits the live (not withdrawn), dated items serving g into those in the
// period and those over before it.
func (a *run) goalServing(g Goal) (inPeriod, before []Item) {
	for _, it := range a.in.Items {
		if it.Withdrawn || !it.servesGoal(g.ID) {
			continue
		}
		switch {
		case it.inPeriod(a.p):
			inPeriod = append(inPeriod, it)
		case it.before(a.p):
			before = append(before, it)
		}
	}
	return inPeriod, before
}

func goalsServedByNothing(a *run) []Gap {
	var gaps []Gap
	for _, g := range a.in.Goals {
		if !g.activeIn(a.p) {
			continue
		}
		if in, before := a.goalServing(g); len(in) > 0 || len(before) > 0 {
			continue
		}
		gaps = append(gaps, Gap{
			Key: fmt.Sprintf("goal_served_by_nothing:goal/%d", g.ID),
			Message: fmt.Sprintf("Nothing serves the goal “%s”: no programme or content item %s or before is linked to it.",
				g.Title, a.p.words),
			Figures: map[string]float64{"items_in_period": 0, "items_before": 0},
			Links:   []Link{goalLink(g)},
		})
	}
	return gaps
}

func goalsServedOnlyBefore(a *run) []Gap {
	var gaps []Gap
	for _, g := range a.in.Goals {
		if !g.activeIn(a.p) {
			continue
		}
		in, before := a.goalServing(g)
		if len(in) > 0 || len(before) == 0 {
			continue
		}
		// The latest first: that is the one the manager remembers.
		slices.SortStableFunc(before, func(x, y Item) int {
			if c := strings.Compare(y.until(), x.until()); c != 0 {
				return c
			}
			return byDateThenTitle(x, y)
		})
		latest := before[0]
		last, _ := parseDate(latest.until())
		from, _ := parseDate(a.p.from)
		days := int(from.Sub(last) / (24 * time.Hour))
		gaps = append(gaps, Gap{
			Key: fmt.Sprintf("goal_served_only_before:goal/%d", g.ID),
			Message: fmt.Sprintf("Nothing %s serves the goal “%s”; %s before did, the latest “%s” on %s.",
				a.p.words, g.Title, plural(len(before), "item", "items"), latest.Title, longDate(last)),
			Figures: map[string]float64{"items_in_period": 0, "items_before": float64(len(before)), "days_since_last": float64(days)},
			Links:   append([]Link{goalLink(g)}, itemLinks(before)...),
		})
	}
	return gaps
}
