package web

import (
	"slices"
	"strings"
)

// fieldProblem is one line of the error summary at the top of a form sent
// back with errors: the field's label and problem, linking to the field.
type fieldProblem struct {
	ID      string // the field's element id, "f-" + its name
	Label   string
	Message string
}

// errorList orders a form's field errors as the form shows its fields, for
// the error summary. pairs are the form's field names and labels, in form
// order ("name", "Name", "emails", "Email addresses", ...); a field with an
// error that pairs do not name comes last, labelled from its name.
func errorList(errs map[string]string, pairs []string) []fieldProblem {
	out := make([]fieldProblem, 0, len(errs))
	named := map[string]bool{}
	for i := 0; i+1 < len(pairs); i += 2 {
		named[pairs[i]] = true
		if msg, ok := errs[pairs[i]]; ok {
			out = append(out, fieldProblem{ID: "f-" + pairs[i], Label: pairs[i+1], Message: msg})
		}
	}
	var rest []string
	for name := range errs {
		if !named[name] {
			rest = append(rest, name)
		}
	}
	slices.Sort(rest)
	for _, name := range rest {
		out = append(out, fieldProblem{ID: "f-" + name, Label: fieldLabel(name), Message: errs[name]})
	}
	return out
}

// fieldLabel turns a field name into words: "preferences.hours_per_month"
// becomes "Hours per month".
func fieldLabel(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 && i+1 < len(name) {
		name = name[i+1:]
	}
	name = strings.ReplaceAll(name, "_", " ")
	if name == "" {
		return "This field"
	}
	return strings.ToUpper(name[:1]) + name[1:]
}
