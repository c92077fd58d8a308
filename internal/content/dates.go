package content

import (
	"strconv"
	"time"
)

// validDate reports whether s is a calendar date written YYYY-MM-DD.
func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// addDays is date (YYYY-MM-DD, valid) moved by n days, in calendar days
// that never meet a DST change.
func addDays(date string, n int) string {
	t, _ := time.Parse(time.DateOnly, date)
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}

func itoa(i int) string { return strconv.Itoa(i) }

// uniqueIDs drops repeats, keeping the first occurrence's order, and
// returns a non-nil slice.
func uniqueIDs(ids []int64) []int64 {
	out := make([]int64, 0, len(ids))
	seen := make(map[int64]bool, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
