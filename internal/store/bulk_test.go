package store_test

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"testing"

	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// memberRows yields n members named prefix 0, prefix 1 ..., with the ids
// given, reusing one row slice as callers of InsertMany may.
func memberRows(ids []int64, prefix string) iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		row := make([]any, 4)
		for i, id := range ids {
			name := fmt.Sprintf("%s %d", prefix, i)
			row[0], row[1], row[2], row[3] = id, name, name, name
			if !yield(row) {
				return
			}
		}
	}
}

const insertMembers = "INSERT INTO members (id, name, sort_name, search_text, created_at, updated_at)"

// withTimes adds created_at and updated_at to each member row.
func withTimes(rows iter.Seq[[]any]) iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		out := make([]any, 6)
		for row := range rows {
			copy(out, row)
			out[4], out[5] = int64(1), int64(1)
			if !yield(out) {
				return
			}
		}
	}
}

func TestReserveIDsAndInsertMany(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// Sizes around a full chunk of 500 rows: none, a part, exactly
		// one, one and a bit, several.
		total := 0
		for _, n := range []int{0, 1, 499, 500, 501, 1234} {
			var ids []int64
			err := db.InTx(ctx, func(tx *store.Tx) error {
				var err error
				if ids, err = tx.ReserveIDs(ctx, "members", n); err != nil {
					return err
				}
				got, err := tx.InsertMany(ctx, insertMembers, 6, withTimes(memberRows(ids, fmt.Sprintf("Batch %d", n))))
				if err == nil && got != n {
					err = fmt.Errorf("InsertMany wrote %d rows, want %d", got, n)
				}
				return err
			})
			if err != nil {
				t.Fatalf("batch of %d: %v", n, err)
			}
			if len(ids) != n || !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != n {
				t.Fatalf("batch of %d: ids %v are not %d ascending distinct ids", n, ids, n)
			}
			total += n
			for _, i := range []int{0, n / 2, n - 1} {
				if n == 0 {
					break
				}
				var name string
				if err := db.QueryRow(ctx, "SELECT name FROM members WHERE id = ?", ids[i]).Scan(&name); err != nil {
					t.Fatalf("batch of %d, row %d: %v", n, i, err)
				}
				if want := fmt.Sprintf("Batch %d %d", n, i); name != want {
					t.Errorf("member %d is %q, want %q", ids[i], name, want)
				}
			}
		}
		var count int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM members").Scan(&count); err != nil || count != total {
			t.Fatalf("%d members (%v), want %d", count, err, total)
		}

		// Rows written without explicit ids afterwards do not collide
		// with the reserved ones.
		err := db.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.Insert(ctx, `INSERT INTO members (name, sort_name, search_text, created_at, updated_at)
				VALUES ('Later', 'later', 'later', 1, 1)`)
			return err
		})
		if err != nil {
			t.Fatalf("insert after reserved ids: %v", err)
		}

		// Ids reserved by a transaction that rolled back are not reused
		// on PostgreSQL (sequences never go back) and may be on SQLite;
		// either way a later reservation works.
		_ = db.InTx(ctx, func(tx *store.Tx) error {
			_, _ = tx.ReserveIDs(ctx, "members", 10)
			return context.Canceled
		})
		err = db.InTx(ctx, func(tx *store.Tx) error {
			ids, err := tx.ReserveIDs(ctx, "members", 3)
			if err != nil {
				return err
			}
			_, err = tx.InsertMany(ctx, insertMembers, 6, withTimes(memberRows(ids, "After rollback")))
			return err
		})
		if err != nil {
			t.Fatalf("after a rolled-back reservation: %v", err)
		}
	})
}

// Values every row shares can be written into the tuple rather than bound.
func TestInsertManyTupleWritesLiterals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.InTx(ctx, func(tx *store.Tx) error {
			ids, err := tx.ReserveIDs(ctx, "members", 501)
			if err != nil {
				return err
			}
			got, err := tx.InsertManyTuple(ctx, insertMembers, "(?, ?, ?, ?, 7, 8)", "", 4, memberRows(ids, "Tuple"))
			if err != nil || got != len(ids) {
				return fmt.Errorf("InsertManyTuple wrote %d rows: %v", got, err)
			}
			var n int
			if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM members WHERE name LIKE 'Tuple %' AND created_at = 7 AND updated_at = 8").Scan(&n); err != nil {
				return err
			}
			if n != len(ids) {
				return fmt.Errorf("%d rows with the tuple's literals, want %d", n, len(ids))
			}
			if _, err := tx.InsertManyTuple(ctx, insertMembers, "(?, ?, ?, 7, 8)", "", 4, memberRows(ids[:1], "Short")); err == nil {
				return fmt.Errorf("InsertManyTuple accepted a tuple with 3 placeholders for 4 values")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestInsertManyRejectsBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.InTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.ReserveIDs(ctx, "members; DROP TABLE members", 1); err == nil {
				t.Error("ReserveIDs accepted a table name that is not a plain name")
			}
			short := func(yield func([]any) bool) { yield([]any{int64(1), "x"}) }
			if _, err := tx.InsertMany(ctx, insertMembers, 6, short); err == nil {
				t.Error("InsertMany accepted a row with too few values")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
