package web

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/markdown"
)

var templateFuncs = template.FuncMap{
	"markdown": markdown.Render,
	"join":     strings.Join,
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("2 Jan 2006")
	},
	"datetime": func(t time.Time) string { return t.Format("2 Jan 2006 15:04 MST") },
	// day formats a YYYY-MM-DD date for people: "Mon 3 Mar 2026".
	"day":    dayLabel,
	"plural": plural,
	// dict builds a map for passing several values to a partial.
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, fmt.Errorf("dict needs pairs")
		}
		m := make(map[string]any, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, fmt.Errorf("dict key %v is not a string", kv[i])
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
	"initials": func(name string) string {
		var b strings.Builder
		for _, w := range strings.Fields(name) {
			for _, r := range w {
				b.WriteRune(r)
				break
			}
			if b.Len() >= 2 {
				break
			}
		}
		return strings.ToUpper(b.String())
	},
	"auditKind": auditKind,
	// errorList orders a form's errors for its error summary.
	"errorList": errorList,
	// list builds a slice in a template: range (list "a" "b").
	"list": func(items ...string) []string { return items },
	// Relationship pages (defined beside them): a cadence in words
	// ("monthly"), a due date against today ("4 days overdue"), days since
	// the last contact ("23 days ago", "never").
	"cadenceLabel": relCadenceLabel,
	"dueWhen":      relDueWhen,
	"contactAgo":   relContactAgo,
	// Content pages (defined beside them).
	"hasPrefix":            strings.HasPrefix,
	"contentMetricOptions": contentMetricOptions,
	"contentOptions":       contentOptions,
}

// dayLabel writes a YYYY-MM-DD date as people read it: "Tue 17 Mar 2026";
// anything that is not such a date comes back unchanged.
func dayLabel(d string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	return t.Format("Mon 2 Jan 2006")
}

// plural writes a count with its noun: "1 follow-up", "3 follow-ups".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
