package members

import (
	"context"
	"database/sql"
	"fmt"

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
			err := each(ctx, tx, "SELECT id, name FROM members WHERE name_key = '' ORDER BY id LIMIT ?",
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
