package store_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

type querier interface {
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// tableIndexes lists table's indexes as "name: definition", sorted.
func tableIndexes(t *testing.T, q querier, d store.Dialect, table string) []string {
	t.Helper()
	query := "SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
	if d == store.Postgres {
		query = "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ?"
	}
	rows, err := q.Query(context.Background(), query, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			t.Fatal(err)
		}
		out = append(out, name+": "+def)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func TestDeferIndexes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		before := tableIndexes(t, db, db.Dialect, "members")
		if !slices.ContainsFunc(before, func(s string) bool { return strings.HasPrefix(s, "members_sort_name:") }) {
			t.Fatalf("members has no members_sort_name index to defer: %q", before)
		}
		err := db.InBulkTx(ctx, func(tx *store.Tx) error {
			rebuild, err := tx.DeferIndexes(ctx, "members")
			if err != nil {
				return err
			}
			// Unique indexes (the primary key on PostgreSQL) stay.
			want := slices.DeleteFunc(slices.Clone(before), func(s string) bool { return strings.Contains(s, "CREATE INDEX ") })
			if during := tableIndexes(t, tx, db.Dialect, "members"); !slices.Equal(during, want) {
				t.Errorf("indexes during the load:\n%q\nwant\n%q", during, want)
			}
			ids, err := tx.ReserveIDs(ctx, "members", 600)
			if err != nil {
				return err
			}
			if _, err := tx.CopyRows(ctx, "members", memberCols, withTimes(memberRows(ids, "Deferred"))); err != nil {
				return err
			}
			return rebuild()
		})
		if err != nil {
			t.Fatal(err)
		}
		if after := tableIndexes(t, db, db.Dialect, "members"); !slices.Equal(after, before) {
			t.Errorf("indexes after the load:\n%q\nwant\n%q", after, before)
		}
		if n := countMembers(t, db); n != 600 {
			t.Errorf("%d members, want 600", n)
		}

		// The table now holds rows: its indexes stay for the next load.
		err = db.InBulkTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.DeferIndexes(ctx, "members"); err != nil {
				return err
			}
			if during := tableIndexes(t, tx, db.Dialect, "members"); !slices.Equal(during, before) {
				t.Errorf("indexes of a table with rows were dropped:\n%q\nwant\n%q", during, before)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}

		// A load that fails leaves the indexes where they were.
		fail := errors.New("load failed")
		err = db.InBulkTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.DeferIndexes(ctx, "interactions"); err != nil {
				return err
			}
			return fail
		})
		if !errors.Is(err, fail) {
			t.Fatalf("err = %v, want %v", err, fail)
		}
		if got := tableIndexes(t, db, db.Dialect, "interactions"); !slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "interactions_occurred:") }) {
			t.Errorf("interactions lost its index after a failed load: %q", got)
		}

		// A row naming a member that does not exist fails the load, though
		// PostgreSQL's foreign keys are only added back after it.
		err = db.InBulkTx(ctx, func(tx *store.Tx) error {
			rebuild, err := tx.DeferIndexes(ctx, "member_emails")
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "INSERT INTO member_emails (member_id, email) VALUES (999999, 'nobody@example.org')"); err != nil {
				return err
			}
			return rebuild()
		})
		if err == nil {
			t.Error("an email of a member that does not exist was loaded")
		}
		var emails int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM member_emails").Scan(&emails); err != nil || emails != 0 {
			t.Errorf("%d emails (%v) after a failed load, want none", emails, err)
		}

		err = db.InBulkTx(ctx, func(tx *store.Tx) error {
			_, err := tx.DeferIndexes(ctx, "members; DROP TABLE x")
			return err
		})
		if err == nil {
			t.Error("a bad table name was accepted")
		}
	})
}
