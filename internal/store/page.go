package store

// Page sizes of every list: what a page holds when the caller does not
// say, and the most it may hold.
const (
	DefaultPageLimit = 50
	MaxPageLimit     = 500
)

// PageLimit applies the default to a missing or negative limit and caps
// it at MaxPageLimit. Lists read PageLimit(n)+1 rows: the extra one tells
// whether another page follows.
func PageLimit(n int) int {
	switch {
	case n <= 0:
		return DefaultPageLimit
	case n > MaxPageLimit:
		return MaxPageLimit
	}
	return n
}
