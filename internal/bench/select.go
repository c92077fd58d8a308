package bench

import (
	"fmt"
	"strings"
)

// SelectRoutes returns the routes of all whose names contain one of the
// comma-separated terms of list, case aside, in the mix's order: "feed,
// audit" picks the iCalendar feed and the content audit. An empty list
// selects every route. A term that names no route is an error, so a typo
// does not quietly measure nothing.
func SelectRoutes(all []Route, list string) ([]Route, error) {
	if strings.TrimSpace(list) == "" {
		return all, nil
	}
	var terms []string
	for t := range strings.SplitSeq(list, ",") {
		if t = strings.ToLower(strings.TrimSpace(t)); t != "" {
			terms = append(terms, t)
		}
	}
	if len(terms) == 0 {
		return nil, fmt.Errorf("routes %q names no route", list)
	}
	matched := make([]bool, len(terms))
	var out []Route
	for _, rt := range all {
		name, hit := strings.ToLower(rt.Name), false
		for i, t := range terms {
			if strings.Contains(name, t) {
				matched[i], hit = true, true
			}
		}
		if hit {
			out = append(out, rt)
		}
	}
	for i, t := range terms {
		if !matched[i] {
			return nil, fmt.Errorf("routes: %q names no route (routes are %s)", t, routeNames(all))
		}
	}
	return out, nil
}

func routeNames(all []Route) string {
	names := make([]string, len(all))
	for i, rt := range all {
		names[i] = fmt.Sprintf("%q", rt.Name)
	}
	return strings.Join(names, ", ")
}
