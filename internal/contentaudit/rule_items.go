package contentaudit

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// titles returns the items' titles, the first n of them and "n more".
func titles(items []*Item, n int) string {
	var ts []string
	for _, it := range items[:min(n, len(items))] {
		ts = append(ts, "“"+it.Title+"”")
	}
	if more := len(items) - n; more > 0 {
		ts = append(ts, fmt.Sprintf("%d more", more))
	}
	return andList(ts)
}

func itemsWithoutGoal(a *run) []Gap {
	var none []*Item
	for _, it := range a.live {
		if len(it.Goals) == 0 {
			none = append(none, it)
		}
	}
	if len(none) == 0 {
		return nil
	}
	return []Gap{{
		Key: "item_without_goal",
		Message: fmt.Sprintf("%d of the %s %s %s no goal: %s. Link each to the goal it serves, or consider stopping it.",
			len(none), plural(len(a.live), "item", "items"), a.p.words, verb(len(none), "serves", "serve"), titles(none, 5)),
		Figures: map[string]float64{"items_without_goal": float64(len(none)), "items_in_period": float64(len(a.live))},
		Links:   itemLinks(none),
	}}
}

func verb(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func reviewOverdue(a *run) []Gap {
	var due []*Item
	for i := range a.in.Items {
		if it := &a.in.Items[i]; !it.Withdrawn && it.ReviewBy != "" && it.ReviewBy < a.asOf {
			due = append(due, it)
		}
	}
	if len(due) == 0 {
		return nil
	}
	slices.SortFunc(due, func(x, y *Item) int {
		return cmp.Or(strings.Compare(x.ReviewBy, y.ReviewBy), byDateThenTitle(x, y))
	})
	asOf, _ := parseDate(a.asOf)
	oldest, _ := parseDate(due[0].ReviewBy)
	var parts []string
	for _, it := range due[:min(5, len(due))] {
		d, _ := parseDate(it.ReviewBy)
		parts = append(parts, fmt.Sprintf("“%s” (review by %s)", it.Title, longDate(d)))
	}
	if more := len(due) - 5; more > 0 {
		parts = append(parts, fmt.Sprintf("%d more", more))
	}
	return []Gap{{
		Key: "review_overdue",
		Message: fmt.Sprintf("%s past %s review-by date on %s: %s.",
			plural(len(due), "item is", "items are"), verb(len(due), "its", "their"), longDate(asOf), andList(parts)),
		Figures: map[string]float64{"items": float64(len(due)), "most_days_overdue": float64(asOf.Sub(oldest) / (24 * time.Hour))},
		Links:   itemLinks(due),
	}}
}
