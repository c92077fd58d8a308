package relationships

import (
	"fmt"
	"strconv"
)

// Warmth levels, warmest first.
const (
	Warm    = "warm"
	Cooling = "cooling"
	Cold    = "cold"
)

// Warmth says how well a relationship is being kept up, and why, in words
// a community manager can check against their own memory.
type Warmth struct {
	Level  string `json:"level"`  // Warm, Cooling or Cold
	Reason string `json:"reason"` // plain words, shown beside the level
}

// WarmthOf judges a relationship from three facts: days since the last
// contact (-1 for never), the cadence in days, and the number of
// interactions in the past year. The rule:
//
//   - warm: contacted within the cadence (daysSince <= cadence) and at least
//     ExpectedPerYear(cadence) interactions in the past year, half of what
//     the cadence asks for;
//   - cooling: contacted within the cadence but less often than that over
//     the year, or last contacted after the cadence ran out but within
//     twice the cadence;
//   - cold: never contacted, or last contacted more than twice the cadence
//     ago.
//
// The last contact day counts as within the cadence exactly when the
// dashboard does not yet list the member as past their cadence.
func WarmthOf(daysSince, cadenceDays, interactionsLastYear int) Warmth {
	if cadenceDays < MinCadence {
		cadenceDays = MinCadence
	}
	label := CadenceLabel(cadenceDays)
	if daysSince < 0 {
		return Warmth{Cold, fmt.Sprintf("Never contacted (cadence: %s).", label)}
	}
	want := ExpectedPerYear(cadenceDays)
	last := "Last contact " + daysAgo(daysSince)
	count := interactionCount(interactionsLastYear) + " in the past year"
	switch {
	case daysSince <= cadenceDays && interactionsLastYear >= want:
		return Warmth{Warm, fmt.Sprintf("%s (cadence: %s); %s.", last, label, count)}
	case daysSince <= cadenceDays:
		few := "only " + count
		if interactionsLastYear == 0 {
			few = count
		}
		return Warmth{Cooling, fmt.Sprintf("%s (cadence: %s), but %s; %d a year keep it warm.",
			last, label, few, want)}
	case daysSince <= 2*cadenceDays:
		return Warmth{Cooling, fmt.Sprintf("%s, past the cadence (%s); %s.", last, label, count)}
	}
	return Warmth{Cold, fmt.Sprintf("%s, more than twice the cadence (%s); %s.", last, label, count)}
}

// ExpectedPerYear is how many interactions a year keep a relationship with
// this cadence warm: half of what the cadence asks for (365 / cadence,
// rounded down), and never fewer than one. Monthly asks for 6, quarterly
// for 2, every two weeks for 13.
func ExpectedPerYear(cadenceDays int) int {
	if cadenceDays < MinCadence {
		cadenceDays = MinCadence
	}
	return max(1, 365/cadenceDays/2)
}

func daysAgo(n int) string {
	switch n {
	case 0:
		return "today"
	case 1:
		return "1 day ago"
	}
	return strconv.Itoa(n) + " days ago"
}

func interactionCount(n int) string {
	switch n {
	case 0:
		return "no interactions"
	case 1:
		return "1 interaction"
	}
	return strconv.Itoa(n) + " interactions"
}
