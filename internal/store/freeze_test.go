package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"

	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

var errBoom = errors.New("boom")

// TestFreezeLoad: a load into empty tables writes them frozen on
// PostgreSQL (their pages all-visible once analysed, with no VACUUM) and
// every value goes in exactly as CopyRows was given it, text with COPY's
// special characters and NULLs included; a table that holds rows, or is
// referred to by one that does, is not truncated and loads as before;
// a failed load keeps nothing. SQLite never freezes.
func TestFreezeLoad(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		names := []string{"Tab\there", "Line\nbreak\r\n", `Back\slash \N \\N`, "Ünïcødé 名前", "plain", ""}
		// A NULL just before an empty string: both must keep their kind.
		cols := []string{"id", "archived_at", "name", "sort_name", "search_text", "created_at", "updated_at"}
		rows := func(ids []int64) func(yield func([]any) bool) {
			return func(yield func([]any) bool) {
				for i, id := range ids {
					var archived any
					if i%2 == 0 {
						archived = int64(1700000000 + i)
					}
					n := names[i%len(names)]
					if !yield([]any{id, archived, n, n, n, int64(1), int64(2)}) {
						return
					}
				}
			}
		}
		load := func(fail bool) (frozen bool, err error) {
			err = db.InLoadTx(ctx, func(tx *store.Tx) error {
				var err error
				if frozen, err = tx.FreezeLoad(ctx, "members", "member_emails"); err != nil {
					return err
				}
				ids, err := tx.ReserveIDs(ctx, "members", 400)
				if err != nil {
					return err
				}
				if _, err := tx.CopyRows(ctx, "members", cols, rows(ids)); err != nil {
					return err
				}
				if _, err := tx.CopyRows(ctx, "member_emails", []string{"member_id", "email"}, func(yield func([]any) bool) {
					for _, id := range ids {
						if !yield([]any{id, fmt.Sprintf("m%d@example.org", id)}) {
							return
						}
					}
				}); err != nil {
					return err
				}
				if fail {
					return errBoom
				}
				return nil
			})
			return frozen, err
		}
		if _, err := load(true); !errors.Is(err, errBoom) {
			t.Fatalf("failed load: %v", err)
		}
		if n := countMembers(t, db); n != 0 {
			t.Fatalf("a failed load left %d members", n)
		}
		frozen, err := load(false)
		if err != nil {
			t.Fatal(err)
		}
		if want := db.Dialect == store.Postgres; frozen != want {
			t.Fatalf("frozen = %v, want %v", frozen, want)
		}
		i := 0
		err = store.EachRow(ctx, db, "SELECT name, sort_name, archived_at FROM members ORDER BY id", nil, func(r *sql.Rows) error {
			var name, sortName string
			var archived *int64
			if err := r.Scan(&name, &sortName, &archived); err != nil {
				return err
			}
			want := names[i%len(names)]
			if name != want || sortName != want || (archived == nil) != (i%2 == 1) || (archived != nil && *archived != int64(1700000000+i)) {
				t.Errorf("member %d: %q, %q, %v; want %q", i, name, sortName, archived, want)
			}
			i++
			return nil
		})
		if err != nil || i != 400 {
			t.Fatalf("read %d members: %v", i, err)
		}
		if db.Dialect == store.Postgres {
			if err := db.AnalyzeFrozen(ctx, "members", "member_emails"); err != nil {
				t.Fatal(err)
			}
			for _, table := range []string{"members", "member_emails"} {
				var pages, visible int
				if err := db.QueryRow(ctx, "SELECT relpages, relallvisible FROM pg_class WHERE oid = to_regclass(?)", table).Scan(&pages, &visible); err != nil {
					t.Fatal(err)
				}
				if pages == 0 || visible != pages {
					t.Errorf("%s: %d of %d pages all-visible after a frozen load", table, visible, pages)
				}
			}
		}
		// Now that members hold rows, a second load is not frozen.
		frozen, err = load(false)
		if err != nil || frozen {
			t.Fatalf("load into full tables: frozen %v, %v", frozen, err)
		}
		if n := countMembers(t, db); n != 800 {
			t.Fatalf("members = %d, want 800", n)
		}
		// Empty members referred to by a follow-up (of nobody) are not
		// truncated: TRUNCATE would have to take the follow-up too.
		if _, err := db.Exec(ctx, "DELETE FROM members"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(ctx, "INSERT INTO followups (what, due_on, original_due_on, created_at, updated_at) VALUES ('Call', '2026-01-01', '2026-01-01', 1, 1)"); err != nil {
			t.Fatal(err)
		}
		err = db.InLoadTx(ctx, func(tx *store.Tx) error {
			frozen, err := tx.FreezeLoad(ctx, "members")
			if err == nil && frozen {
				err = errors.New("froze members while a follow-up refers to them")
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		var followUps int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM followups").Scan(&followUps); err != nil || followUps != 1 {
			t.Fatalf("follow-ups = %d, %v; want the one kept", followUps, err)
		}
	})
}
