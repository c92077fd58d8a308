package store

import (
	"encoding/json"
	"strings"
)

// Where is the one way Trellis puts a list's conditions together: it
// collects them with their arguments in order, so placeholders and values
// can never drift apart. Only fixed SQL fragments go in a condition;
// everything a person typed goes in the arguments. The zero value is an
// empty condition list, ready to use.
type Where struct {
	conds []string
	args  []any
}

// Add appends one condition and its arguments.
func (w *Where) Add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// SQL is " WHERE a AND b ...", or "" when there is no condition.
func (w *Where) SQL() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// Args returns the conditions' arguments in placeholder order, followed
// by more (a LIMIT, say). It never changes w.
func (w *Where) Args(more ...any) []any {
	out := make([]any, 0, len(w.args)+len(more))
	return append(append(out, w.args...), more...)
}

// Clone returns an independent copy, for lists read in several phases
// that share their conditions.
func (w *Where) Clone() *Where {
	return &Where{conds: append([]string(nil), w.conds...), args: append([]any(nil), w.args...)}
}

// In adds "expr IN (?, ...)" for a short, bounded list of values (a
// filter's statuses or countries); nothing for an empty list. Long lists
// of ids go through AnyOf instead.
func In[T any](w *Where, expr string, values []T) {
	if len(values) == 0 {
		return
	}
	w.Add(expr+" IN ("+Placeholders(len(values))+")", Args(values)...)
}

// AnyOf adds "expr is one of values" as a single parameter whatever the
// number of values, so no list can run into SQLite's 32,766 or
// PostgreSQL's 65,535 parameters per statement, nor make a statement
// text that grows with the list. Nothing is added for an empty list.
func AnyOf[T int64 | string](w *Where, d Dialect, expr string, values []T) {
	if len(values) == 0 {
		return
	}
	cond, arg := AnyOfCond(d, expr, values)
	w.Add(cond, arg)
}

// AnyOfCond is the condition AnyOf adds and its one argument, for
// queries that do not use a Where: "expr = ANY(?)" with an array on
// PostgreSQL, "expr IN (SELECT value FROM json_each(?))" with a JSON
// array on SQLite.
func AnyOfCond[T int64 | string](d Dialect, expr string, values []T) (string, any) {
	if d == Postgres {
		// pgx sends a Go slice as one array parameter.
		return expr + " = ANY(?)", values
	}
	b, _ := json.Marshal(values) // ints and strings always encode
	return expr + " IN (SELECT value FROM json_each(?))", string(b)
}

// Placeholders returns "?, ?, ?" with n marks, for an IN list or a VALUES
// row of n values.
func Placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

// Args turns values into query arguments.
func Args[T any](values []T) []any {
	out := make([]any, len(values))
	for i, v := range values {
		out[i] = v
	}
	return out
}
