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

// goalServing returns how many live (not withdrawn), dated items serving
// goal id are in the period, and those over before it. The index is
// built on first use, in one pass over the items.
func (a *run) goalServing(id int64) (inPeriod int, before []*Item) {
	if a.byGoal == nil {
		a.byGoal = map[int64]*goalUse{}
		for i, it := range a.in.Items {
			if it.Withdrawn {
				continue
			}
			in, old := it.inPeriod(a.p), it.before(a.p)
			for _, l := range it.Goals {
				u := a.byGoal[l.GoalID]
				if u == nil {
					u = &goalUse{}
					a.byGoal[l.GoalID] = u
				}
				switch {
				case in:
					u.inPeriod++
				case old:
					u.before = append(u.before, i)
				}
			}
		}
	}
	u := a.byGoal[id]
	if u == nil {
		return 0, nil
	}
	for _, i := range u.before {
		before = append(before, &a.in.Items[i])
	}
	return u.inPeriod, before
}

// goalUse is what serves one goal: how many items in the period, and the
// indexes of those before it.
type goalUse struct {
	inPeriod int
	before   []int
}

func goalsServedByNothing(a *run) []Gap {
	var gaps []Gap
	for _, g := range a.in.Goals {
		if !g.activeIn(a.p) {
			continue
		}
		if in, before := a.goalServing(g.ID); in > 0 || len(before) > 0 {
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
		in, before := a.goalServing(g.ID)
		if in > 0 || len(before) == 0 {
			continue
		}
		// The latest first: that is the one the manager remembers.
		slices.SortFunc(before, func(x, y *Item) int {
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
