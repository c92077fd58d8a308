package programming

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/teambition/rrule-go"

	"github.com/trellis-community/trellis/internal/apperr"
)

// Repeat is how the session form says a series repeats: one of the
// common patterns, worked out from the session's start, or a rule typed
// by hand. The API takes the rule itself.
type Repeat struct {
	// Pattern is "" (no repeat), "weekly", "every_n_weeks",
	// "monthly_nth" (the start's weekday in the same week of every month:
	// "first Tuesday"), "monthly_last" (the last such weekday of each
	// month) or "custom" (Rule as typed).
	Pattern string
	Weeks   string // for every_n_weeks
	Rule    string // for custom
	Until   string // YYYY-MM-DD, optional: the last day it may happen
	Count   string // optional: how many times in all
}

// Patterns lists the form's choices with their labels.
func Patterns() [][2]string {
	return [][2]string{{"", "Does not repeat"}, {"weekly", "Every week on the same day"},
		{"every_n_weeks", "Every few weeks on the same day"}, {"monthly_nth", "Monthly on the same weekday (e.g. first Tuesday)"},
		{"monthly_last", "Monthly on the last such weekday"}, {"custom", "Custom rule (RFC 5545 RRULE)"}}
}

var weekdayCodes = [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// RuleText turns the form's choice into rule text for a series starting
// at start (in the session's zone), to be checked by ParseRule. Problems
// are added to fe under "repeat", "repeat_weeks", "repeat_until",
// "repeat_count".
func (r Repeat) RuleText(start time.Time, fe *apperr.FieldErrors) string {
	day := weekdayCodes[start.Weekday()]
	var rule string
	switch strings.TrimSpace(r.Pattern) {
	case "":
		return ""
	case "weekly":
		rule = "FREQ=WEEKLY;BYDAY=" + day
	case "every_n_weeks":
		n, err := strconv.Atoi(strings.TrimSpace(r.Weeks))
		if err != nil || n < 1 || n > 52 {
			fe.Add("repeat_weeks", "give a number of weeks from 1 to 52")
			return ""
		}
		rule = fmt.Sprintf("FREQ=WEEKLY;INTERVAL=%d;BYDAY=%s", n, day)
	case "monthly_nth":
		nth := (start.Day()-1)/7 + 1
		if nth == 5 {
			nth = -1
		}
		rule = fmt.Sprintf("FREQ=MONTHLY;BYDAY=%d%s", nth, day)
	case "monthly_last":
		rule = "FREQ=MONTHLY;BYDAY=-1" + day
	case "custom":
		rule = strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(r.Rule)), "RRULE:")
		if rule == "" {
			fe.Add("repeat_rule", "type a rule such as FREQ=MONTHLY;BYDAY=1TU")
			return ""
		}
		if strings.Contains(rule, "UNTIL=") || strings.Contains(rule, "COUNT=") {
			return rule
		}
	default:
		fe.Add("repeat", "choose one of the patterns offered")
		return ""
	}
	until, count := strings.TrimSpace(r.Until), strings.TrimSpace(r.Count)
	switch {
	case until != "" && count != "":
		fe.Add("repeat_until", "give a last date or a number of times, not both")
	case until != "":
		d, err := time.ParseInLocation("2006-01-02", until, start.Location())
		if err != nil {
			fe.Add("repeat_until", "must be a date, YYYY-MM-DD")
			return ""
		}
		// The whole last day counts: the series may still meet on it.
		rule += ";UNTIL=" + d.AddDate(0, 0, 1).Add(-time.Second).UTC().Format("20060102T150405Z")
	case count != "":
		n, err := strconv.Atoi(count)
		if err != nil || n < 1 || n > maxCount {
			fe.Add("repeat_count", "give a number of times from 1 to %d", maxCount)
			return ""
		}
		rule += ";COUNT=" + strconv.Itoa(n)
	}
	return rule
}

// RepeatOf is the form's view of a stored rule: the pattern it matches
// for a series starting at start, with its last date or count, or
// "custom" with the rule as text.
func RepeatOf(rule string, start time.Time) Repeat {
	if rule == "" {
		return Repeat{}
	}
	opt, err := rrule.StrToROptionInLocation(rule, start.Location())
	if err != nil {
		return Repeat{Pattern: "custom", Rule: rule}
	}
	var out Repeat
	if opt.Count > 0 {
		out.Count = strconv.Itoa(opt.Count)
	}
	if !opt.Until.IsZero() {
		out.Until = opt.Until.In(start.Location()).Format("2006-01-02")
	}
	opt.Count, opt.Until = 0, time.Time{}
	bare := opt.RRuleString()
	for _, p := range []string{"weekly", "monthly_nth", "monthly_last"} {
		text := (Repeat{Pattern: p}).RuleText(start, &apperr.FieldErrors{})
		if stored, err := ParseRule(text, start); err == nil && stored == bare {
			out.Pattern = p
			return out
		}
	}
	if opt.Freq == rrule.WEEKLY && opt.Interval > 1 {
		text := (Repeat{Pattern: "every_n_weeks", Weeks: strconv.Itoa(opt.Interval)}).RuleText(start, &apperr.FieldErrors{})
		if stored, err := ParseRule(text, start); err == nil && stored == bare {
			out.Pattern, out.Weeks = "every_n_weeks", strconv.Itoa(opt.Interval)
			return out
		}
	}
	return Repeat{Pattern: "custom", Rule: rule}
}

// DescribeRule says a stored rule in words for a series starting at
// start, for the common patterns, and gives the rule itself otherwise.
func DescribeRule(rule string, start time.Time) string {
	if rule == "" {
		return ""
	}
	wd := start.Weekday().String()
	at := start.Format("15:04") + " " + start.Location().String()
	rep := RepeatOf(rule, start)
	var s string
	switch rep.Pattern {
	case "weekly":
		s = "Every " + wd + " at " + at
	case "every_n_weeks":
		s = "Every " + rep.Weeks + " weeks on " + wd + " at " + at
	case "monthly_nth":
		nth := (start.Day()-1)/7 + 1
		words := [...]string{"", "first", "second", "third", "fourth", "last"}
		s = fmt.Sprintf("Every %s %s of the month at %s", words[nth], wd, at)
	case "monthly_last":
		s = "Every last " + wd + " of the month at " + at
	default:
		return "Repeats: " + rule + " (from " + start.Format("2006-01-02 15:04") + " " + start.Location().String() + ")"
	}
	switch {
	case rep.Count != "":
		s += ", " + rep.Count + " times"
	case rep.Until != "":
		s += ", until " + rep.Until
	}
	return s
}
