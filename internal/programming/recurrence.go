package programming

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// A recurring series is a session with an RFC 5545 recurrence rule
// ("FREQ=MONTHLY;BYDAY=1TU"), repeated from the session's start in the
// session's own time zone, so 16:00 Europe/Berlin stays 16:00 when the
// clocks change. The rule is stored as rrule-go writes it back, without
// DTSTART (the session's start is the series' start) and with UNTIL in UTC.

const (
	maxRuleText = 500
	// maxOccurrences bounds one expansion of one series: an open-ended
	// daily rule asked about a long period must not run away.
	maxOccurrences = 1000
	// maxInterval and maxCount keep rules to what a calendar means.
	maxInterval = 1000
	maxCount    = 5000
)

// ParseRule checks a recurrence rule as a person typed it ("RRULE:"
// prefix optional, any case) for a series that starts at start (in the
// session's zone, which also reads an UNTIL given without "Z"), and
// returns it in the form it is stored. "" is no rule. Errors say what is
// wrong in words, to show under the field.
func ParseRule(text string, start time.Time) (string, error) {
	text = strings.ToUpper(strings.TrimSpace(text))
	text = strings.TrimPrefix(text, "RRULE:")
	if text == "" {
		return "", nil
	}
	if len(text) > maxRuleText {
		return "", fmt.Errorf("must be at most %d characters", maxRuleText)
	}
	if strings.ContainsAny(text, "\r\n") || strings.Contains(text, "DTSTART") {
		return "", errors.New("give one rule such as FREQ=WEEKLY;BYDAY=TU, without DTSTART (the session's start begins the series)")
	}
	opt, err := rrule.StrToROptionInLocation(text, start.Location())
	if err != nil {
		return "", fmt.Errorf("is not a recurrence rule (%s); try FREQ=MONTHLY;BYDAY=1TU", strings.ToLower(err.Error()))
	}
	switch opt.Freq {
	case rrule.DAILY, rrule.WEEKLY, rrule.MONTHLY, rrule.YEARLY:
	default:
		return "", errors.New("must repeat daily, weekly, monthly or yearly (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY)")
	}
	switch {
	case opt.Interval < 0 || opt.Interval > maxInterval:
		return "", fmt.Errorf("INTERVAL must be between 1 and %d", maxInterval)
	case opt.Count < 0 || opt.Count > maxCount:
		return "", fmt.Errorf("COUNT must be between 1 and %d", maxCount)
	case opt.Count > 0 && !opt.Until.IsZero():
		return "", errors.New("give COUNT or UNTIL, not both")
	case len(opt.Bysecond) > 0 || len(opt.Byeaster) > 0:
		return "", errors.New("BYSECOND and BYEASTER are not supported")
	case !opt.Until.IsZero() && opt.Until.Before(start):
		return "", errors.New("UNTIL is before the session's start")
	}
	opt.Dtstart = start
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		return "", fmt.Errorf("is not a recurrence rule (%s)", strings.ToLower(err.Error()))
	}
	// A rule that never happens (BYMONTH=2;BYMONTHDAY=30) is a mistake;
	// look for its first date within ten years rather than forever.
	if first := firstWithin(r, start, start.AddDate(10, 0, 0)); first.IsZero() {
		return "", errors.New("never happens in the next ten years; check the days and months it names")
	}
	opt.Dtstart = time.Time{}
	return opt.RRuleString(), nil
}

// firstWithin is the first occurrence of r in [from, to], or the zero time.
// Rules come from ParseRule, whose bounds keep the search short.
func firstWithin(r *rrule.RRule, from, to time.Time) time.Time {
	next := r.Iterator()
	for i := 0; i < maxOccurrences*10; i++ {
		t, ok := next()
		if !ok || t.After(to) {
			return time.Time{}
		}
		if !t.Before(from) {
			return t
		}
	}
	return time.Time{}
}

// expand returns the starts of the series (stored rule, first start) that
// fall in [from, to), at most maxOccurrences, in start's location. A rule
// that cannot be read (it was stored, so only a changed library could do
// this) expands to the first start alone.
func expand(rule string, start, from, to time.Time) []time.Time {
	if rule == "" {
		if !start.Before(from) && start.Before(to) {
			return []time.Time{start}
		}
		return nil
	}
	opt, err := rrule.StrToROptionInLocation(rule, start.Location())
	if err != nil {
		return expand("", start, from, to)
	}
	opt.Dtstart = start
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		return expand("", start, from, to)
	}
	var out []time.Time
	next := r.Iterator()
	for steps := 0; steps < maxOccurrences*20; steps++ {
		t, ok := next()
		if !ok || !t.Before(to) {
			break
		}
		if !t.Before(from) {
			out = append(out, t)
			if len(out) == maxOccurrences {
				break
			}
		}
	}
	return out
}

// isOccurrence reports whether at is a start of the series.
func isOccurrence(rule string, start, at time.Time) bool {
	for _, t := range expand(rule, start, at, at.Add(time.Second)) {
		if t.Equal(at) {
			return true
		}
	}
	return false
}
