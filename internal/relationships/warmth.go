package relationships

import (
	"fmt"
	"strconv"
)

// Warmth levels, warmest first. New is outside that scale: a key member
// not yet contacted whose first cadence has not run out is not behind.
const (
	Warm    = "warm"
	Cooling = "cooling"
	Cold    = "cold"
	New     = "new"
)

// Warmth says how well a relationship is being kept up, and why, in words
// a community manager can check against their own memory.
type Warmth struct {
	Level  string `json:"level"`  // Warm, Cooling, Cold or New
	Reason string `json:"reason"` // plain words, shown beside the level
}

// WarmthOf judges a relationship from four facts: days since the last
// contact (-1 for never), days since they became a key member, the cadence
// in days, and the number of interactions in the past year. The rule:
//
//   - new: never contacted, and they became key no more than one cadence
//     ago: nothing is late yet, so this is no penalty;
//   - warm: contacted within the cadence (daysSince <= cadence) and at least
//     ExpectedPerYear(cadence) interactions in the past year, half of what
//     the cadence asks for; someone key for less than a year is asked for
//     that share of the year (at least one);
//   - cooling: contacted within the cadence but less often than that, or
//     the cadence ran out (counted from the last contact, or from the day
//     they became key when there was none) no more than one cadence ago;
//   - cold: the cadence ran out more than one cadence ago.
//
// The last contact day counts as within the cadence exactly when the
// dashboard does not yet list the member as past their cadence.
func WarmthOf(daysSince, daysKey, cadenceDays, interactionsLastYear int) Warmth {
	if cadenceDays < MinCadence {
		cadenceDays = MinCadence
	}
	label := CadenceLabel(cadenceDays)
	daysKey = max(0, daysKey)
	if daysSince < 0 {
		key := "Key member since " + daysAgo(daysKey)
		switch {
		case daysKey <= cadenceDays:
			return Warmth{New, fmt.Sprintf("%s, no contact yet; the first is due within %s (cadence: %s).",
				key, dayCount(cadenceDays-daysKey), label)}
		case daysKey <= 2*cadenceDays:
			return Warmth{Cooling, fmt.Sprintf("%s, no contact yet: past the cadence (%s).", key, label)}
		}
		return Warmth{Cold, fmt.Sprintf("%s, no contact yet: more than twice the cadence (%s).", key, label)}
	}
	want := ExpectedPerYear(cadenceDays)
	if daysKey < 365 {
		want = max(1, want*daysKey/365)
	}
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
		return Warmth{Cooling, fmt.Sprintf("%s (cadence: %s), but %s; %s.",
			last, label, few, keepsWarm(want, daysKey))}
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

func dayCount(n int) string {
	if n == 1 {
		return "1 day"
	}
	return strconv.Itoa(n) + " days"
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

// keepsWarm says how many interactions keep the relationship warm, over
// the year or, for someone key for less, since they became key.
func keepsWarm(want, daysKey int) string {
	if daysKey < 365 {
		return fmt.Sprintf("%s since they became key would keep it warm", interactionCount(want))
	}
	return fmt.Sprintf("%d a year keep it warm", want)
}
