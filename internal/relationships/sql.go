package relationships

import (
	"database/sql"
	"strings"
	"time"
)

// placeholders returns "?, ?, ?" for an IN list of n values.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

// idArgs turns ids into query arguments.
func idArgs(ids []int64) []any {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return args
}

// nullID stores 0 as NULL: an optional reference that is not set.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// uniqueIDs drops zeros and repeats, keeping first-seen order, so a form
// that sends a member twice does not trip a primary key.
func uniqueIDs(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if id != 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// unixTime turns a stored instant into a time.Time in UTC.
func unixTime(sec int64) time.Time { return time.Unix(sec, 0).UTC() }

// nullUnix turns a nullable stored instant into a pointer, nil when unset.
func nullUnix(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := unixTime(n.Int64)
	return &t
}

// pageLimit applies the list default (50) and ceiling (500).
func pageLimit(n int) int {
	switch {
	case n <= 0:
		return 50
	case n > 500:
		return 500
	}
	return n
}
