package members

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/store"
)

// backfillBatch is how many members BackfillNameKeys updates per
// transaction: small enough not to hold SQLite's one writer for long.
const backfillBatch = 1000

// BackfillNameKeys fills name_key for members written before migration
// 0005 added it (their name_key is still ”), so duplicate checks find
// them by name too. Names are never empty, so ” means "not filled yet",
// and the work is done once: later writes fill the key themselves. App
// start-up calls it; it returns how many members it filled.
func (s *Service) BackfillNameKeys(ctx context.Context) (int, error) {
	total := 0
	for {
		n := 0
		err := s.DB.InTx(ctx, func(tx *store.Tx) error {
			type row struct {
				id   int64
				name string
			}
			var todo []row
			err := store.EachRow(ctx, tx, "SELECT id, name FROM members WHERE name_key = '' ORDER BY id LIMIT ?",
				[]any{backfillBatch}, func(rows *sql.Rows) error {
					var r row
					err := rows.Scan(&r.id, &r.name)
					todo = append(todo, r)
					return err
				})
			if err != nil {
				return err
			}
			for _, r := range todo {
				if _, err := tx.Exec(ctx, "UPDATE members SET name_key = ? WHERE id = ?", storedNameKey(r.name), r.id); err != nil {
					return err
				}
			}
			n = len(todo)
			return nil
		})
		if err != nil {
			return total, fmt.Errorf("fill name keys: %w", err)
		}
		total += n
		if n < backfillBatch {
			return total, nil
		}
	}
}

// storedNameKey is nameKey as the name_key column holds it: "-" for a
// name with no letter or digit (only emoji, say), which matches nothing
// (FindDuplicates skips it) yet is not ”, the mark of a row not filled.
func storedNameKey(name string) string {
	if k := nameKey(name); k != "" {
		return k
	}
	return "-"
}

// nearNameEdits is the most letters two near names differ by in all.
const nearNameEdits = 2

// nearName reports whether two different name keys (nameKey) look like
// one name with a typo or two: "lindqvist marguerite" and "lindquist
// marguerite", "anne marie" and "annemarie". Each word of one must match a
// word of the other with at most one letter changed, and words shorter
// than four letters must match exactly, because a letter more or less in
// a short or given name is as often another person: Jan and Jana,
// Dimitris and Dimitra (two letters in one word). Two words run together
// count as one change.
func nearName(a, b string) bool {
	wa, wb := strings.Fields(a), strings.Fields(b)
	if len(wa) > len(wb) {
		wa, wb = wb, wa
	}
	switch len(wb) - len(wa) {
	case 0:
		total, ok := nearWords(wa, wb)
		return ok && total > 0 && total <= nearNameEdits
	case 1:
		// Keys are sorted, so the two words joined in the other name
		// ("anne marie", "annemarie") need not be next to each other.
		for i := range wb {
			for j := range wb {
				if i == j {
					continue
				}
				joined := []string{wb[i] + wb[j]}
				for k, w := range wb {
					if k != i && k != j {
						joined = append(joined, w)
					}
				}
				if total, ok := nearWords(wa, joined); ok && total+1 <= nearNameEdits {
					return true
				}
			}
		}
	}
	return false
}

// nearWords pairs each word of wa with a word of wb at most one letter
// away (exactly alike under four letters) and returns the letters changed
// in all, or false when some word has no partner.
func nearWords(wa, wb []string) (int, bool) {
	used := make([]bool, len(wb))
	total := 0
	for _, x := range wa {
		best, at := 2, -1
		for j, y := range wb {
			if used[j] {
				continue
			}
			d := editDistance(x, y, 1)
			if d == 1 && min(utf8.RuneCountInString(x), utf8.RuneCountInString(y)) < 4 {
				d = 2
			}
			if d < best {
				best, at = d, j
			}
		}
		if at < 0 {
			return 0, false
		}
		used[at] = true
		total += best
	}
	return total, true
}

// editDistance is the Levenshtein distance between a and b in runes, or
// max+1 as soon as it is sure to exceed max (the caller only cares about
// close names, and this keeps comparing against a large affiliation cheap).
func editDistance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > max || -d > max {
		return max + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
