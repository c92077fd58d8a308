package web

import (
	"strconv"
	"strings"
)

// The audit pages' own template functions, added to the shared set.
func init() {
	templateFuncs["auditNumber"] = auditNumber
	templateFuncs["auditFigureName"] = func(name string) string { return strings.ReplaceAll(name, "_", " ") }
	templateFuncs["auditAudience"] = audienceWords
}

// auditNumber writes a figure as people read it: 12,345 or 5.61.
func auditNumber(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(whole, "-")
	whole = strings.TrimPrefix(whole, "-")
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	if neg {
		whole = "-" + whole
	}
	if frac != "" {
		return whole + "." + frac
	}
	return whole
}
