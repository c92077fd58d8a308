package contentaudit

import (
	"fmt"
	"slices"
)

// Reach per hour is only compared between items measured the same way
// (attendees with attendees, views with views), and only when at least
// minComparable items have both figures: a median of two says little.
// An item is flagged when its reach per hour is under lowShare of that
// median: far enough below to be worth a look, not merely below average.
const (
	minComparable = 3
	lowShare      = 0.25
)

type measured struct {
	it      *Item
	reach   float64
	perHour float64
}

func lowReachForEffort(a *run) []Gap {
	byMetric := map[string][]measured{}
	var metrics []string
	for _, it := range a.live {
		if it.EffortHours <= 0 {
			continue
		}
		for _, r := range it.Reach {
			if r.Count < 0 {
				continue
			}
			if _, ok := byMetric[r.Metric]; !ok {
				metrics = append(metrics, r.Metric)
			}
			byMetric[r.Metric] = append(byMetric[r.Metric], measured{it, r.Count, r.Count / it.EffortHours})
		}
	}
	slices.Sort(metrics)
	var gaps []Gap
	for _, metric := range metrics {
		ms := byMetric[metric]
		if len(ms) < minComparable {
			continue
		}
		med := median(ms)
		for _, m := range ms {
			if m.perHour >= lowShare*med {
				continue
			}
			gaps = append(gaps, Gap{
				Key: fmt.Sprintf("low_reach_for_effort:%s/%d:%s", m.it.Kind, m.it.ID, metric),
				Message: fmt.Sprintf("“%s” reached %s %s for %s hours of effort (%s an hour), under a quarter of the median of %s an hour across the %d items %s measured in %s.",
					m.it.Title, decimal(m.reach), metric, decimal(m.it.EffortHours), decimal(m.perHour), decimal(med), len(ms), a.p.words, metric),
				Figures: map[string]float64{
					"reach": m.reach, "effort_hours": m.it.EffortHours, "reach_per_hour": roundTo2(m.perHour),
					"median_reach_per_hour": roundTo2(med), "comparable_items": float64(len(ms)),
				},
				Links: []Link{itemLink(*m.it)},
			})
		}
	}
	return gaps
}

// median is the median reach per hour of ms (not empty).
func median(ms []measured) float64 {
	v := make([]float64, len(ms))
	for i, m := range ms {
		v[i] = m.perHour
	}
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}
