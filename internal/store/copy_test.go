package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

var memberCols = []string{"id", "name", "sort_name", "search_text", "created_at", "updated_at"}

func countMembers(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), "SELECT COUNT(*) FROM members").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCopyRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const n = 2345
		err := db.InBulkTx(ctx, func(tx *store.Tx) error {
			ids, err := tx.ReserveIDs(ctx, "members", n)
			if err != nil {
				return err
			}
			got, err := tx.CopyRows(ctx, "members", memberCols, withTimes(memberRows(ids, "Copied")))
			if err == nil && got != n {
				err = fmt.Errorf("CopyRows wrote %d rows, want %d", got, n)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := countMembers(t, db); got != n {
			t.Fatalf("members = %d, want %d", got, n)
		}
		var name string
		if err := db.QueryRow(ctx, "SELECT name FROM members ORDER BY id DESC LIMIT 1").Scan(&name); err != nil {
			t.Fatal(err)
		}
		if name != fmt.Sprintf("Copied %d", n-1) {
			t.Errorf("last member = %q", name)
		}

		// A failure part way leaves nothing of the bulk transaction.
		boom := errors.New("boom")
		err = db.InBulkTx(ctx, func(tx *store.Tx) error {
			ids, err := tx.ReserveIDs(ctx, "members", 10)
			if err != nil {
				return err
			}
			if _, err := tx.CopyRows(ctx, "members", memberCols, withTimes(memberRows(ids, "Lost"))); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v, want boom", err)
		}
		if got := countMembers(t, db); got != n {
			t.Fatalf("after rollback members = %d, want %d", got, n)
		}

		// Rows of the wrong width and bad names are refused.
		err = db.InBulkTx(ctx, func(tx *store.Tx) error {
			_, err := tx.CopyRows(ctx, "members", memberCols, func(yield func([]any) bool) { yield([]any{1, "x"}) })
			return err
		})
		if err == nil || !strings.Contains(err.Error(), "want 6") {
			t.Errorf("short row: err = %v", err)
		}
		err = db.InBulkTx(ctx, func(tx *store.Tx) error {
			_, err := tx.CopyRows(ctx, "members; DROP TABLE users", memberCols, nil)
			return err
		})
		if err == nil {
			t.Error("bad table name accepted")
		}
	})
}

func TestAnalyze(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.InBulkTx(ctx, func(tx *store.Tx) error {
			ids, err := tx.ReserveIDs(ctx, "members", 300)
			if err != nil {
				return err
			}
			_, err = tx.CopyRows(ctx, "members", memberCols, withTimes(memberRows(ids, "Analysed")))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Analyze(ctx, "members", "member_tags"); err != nil {
			t.Fatal(err)
		}
		// The statistics are there: the planner now knows the table is
		// not empty.
		var rows float64
		q := "SELECT CAST(substr(stat, 1, instr(stat, ' ') - 1) AS REAL) FROM sqlite_stat1 WHERE tbl = 'members' LIMIT 1"
		if db.Dialect == store.Postgres {
			q = "SELECT reltuples FROM pg_class WHERE oid = 'members'::regclass"
		}
		if err := db.QueryRow(ctx, q).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		if rows < 300 {
			t.Errorf("planner's row count for members = %v, want 300", rows)
		}
		if db.Dialect == store.Postgres {
			// Vacuumed too: the pages are marked all-visible, so index-only
			// scans need not read the table.
			// A transaction open elsewhere on the server (other tests run
			// alongside) can keep VACUUM from marking pages, so the vacuum
			// counter, which statistics report within seconds, also counts.
			var visible, vacuums int
			deadline := time.Now().Add(15 * time.Second)
			for {
				err := db.QueryRow(ctx, `SELECT c.relallvisible, COALESCE(s.vacuum_count, 0) FROM pg_class c
					LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.oid = 'members'::regclass`).Scan(&visible, &vacuums)
				if err != nil {
					t.Fatal(err)
				}
				if visible > 0 || vacuums > 0 || time.Now().After(deadline) {
					break
				}
				time.Sleep(200 * time.Millisecond)
			}
			if visible == 0 && vacuums == 0 {
				t.Errorf("relallvisible = 0 and vacuum_count = 0; want members vacuumed")
			}
		}
		if err := db.Analyze(ctx, "members; DROP TABLE users"); err == nil {
			t.Error("bad table name accepted")
		}
	})
}

// TestPostgresJITOff: Trellis's short queries never pay for JIT
// compilation, unless the DSN asks for it.
func TestPostgresJITOff(t *testing.T) {
	if len(storetest.Dialects()) < 2 {
		t.Skip("PostgreSQL only")
	}
	dsn := storetest.DSN(t, store.Postgres)
	for _, tc := range []struct{ dsn, want string }{
		{dsn, "off"},
		{dsn + "&jit=on", "on"},
	} {
		db, err := store.Open(context.Background(), tc.dsn, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var jit string
		if err := db.QueryRow(context.Background(), "SHOW jit").Scan(&jit); err != nil || jit != tc.want {
			t.Errorf("%s: jit = %q, %v; want %q", tc.dsn, jit, err, tc.want)
		}
		db.Close()
	}
}

// TestInCheckedBulkTx: inside, SQLite does not enforce foreign keys (the
// caller has checked), PostgreSQL does; afterwards, committed or rolled
// back, SQLite enforces them again on the writer's connection.
func TestInCheckedBulkTx(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		dangling := "INSERT INTO member_emails (member_id, email) VALUES (987654, 'nobody@example.org')"
		for _, fail := range []bool{false, true} {
			boom := errors.New("boom")
			err := db.InCheckedBulkTx(ctx, func(tx *store.Tx) error {
				_, err := tx.Exec(ctx, dangling)
				if db.Dialect == store.SQLite && err != nil {
					return fmt.Errorf("foreign keys enforced inside: %w", err)
				}
				if db.Dialect == store.Postgres && err == nil {
					return errors.New("PostgreSQL took a dangling reference")
				}
				if fail || db.Dialect == store.Postgres {
					return boom
				}
				_, err = tx.Exec(ctx, "DELETE FROM member_emails WHERE member_id = 987654")
				return err
			})
			if want := fail || db.Dialect == store.Postgres; (err != nil) != want || (want && !errors.Is(err, boom)) {
				t.Fatalf("fail %v: %v", fail, err)
			}
			if _, err := db.Exec(ctx, dangling); err == nil {
				t.Fatalf("fail %v: a dangling reference went in after the transaction", fail)
			}
		}
	})
}

// TestInLoadTx: a load's rows go in without row-by-row foreign-key
// checks on SQLite, but a row naming a parent that does not exist still
// fails the load, naming the table, with nothing of it kept, on both
// engines; a load whose rows all have their parents commits; afterwards
// SQLite enforces foreign keys again on the writer's connection.
func TestInLoadTx(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, tc := range []struct {
			name    string
			orphans int
			wantErr string
		}{
			{"every row has its parent", 0, ""},
			{"one orphan", 1, "member_emails"},
			{"many orphans", 5, "member_emails"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if _, err := db.Exec(ctx, "DELETE FROM members"); err != nil {
					t.Fatal(err)
				}
				err := db.InLoadTx(ctx, func(tx *store.Tx) error {
					ids, err := tx.ReserveIDs(ctx, "members", 3)
					if err != nil {
						return err
					}
					if _, err := tx.CopyRows(ctx, "members", memberCols, withTimes(memberRows(ids, "Load"))); err != nil {
						return err
					}
					emails := func(yield func([]any) bool) {
						for i, id := range ids {
							if !yield([]any{id, fmt.Sprintf("load%d@example.org", i)}) {
								return
							}
						}
						for i := range tc.orphans {
							if !yield([]any{ids[2] + 1000 + int64(i), fmt.Sprintf("orphan%d@example.org", i)}) {
								return
							}
						}
					}
					_, err = tx.CopyRows(ctx, "member_emails", []string{"member_id", "email"}, emails)
					return err
				})
				var members, emails int
				if err := db.QueryRow(ctx, "SELECT (SELECT COUNT(*) FROM members), (SELECT COUNT(*) FROM member_emails)").Scan(&members, &emails); err != nil {
					t.Fatal(err)
				}
				if tc.wantErr == "" {
					if err != nil || members != 3 || emails != 3 {
						t.Fatalf("load: %v; %d members and %d emails, want 3 and 3", err, members, emails)
					}
				} else {
					if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
						t.Fatalf("load with %d orphans: %v, want an error naming %s", tc.orphans, err, tc.wantErr)
					}
					if members != 0 || emails != 0 {
						t.Errorf("a failed load left %d members and %d emails", members, emails)
					}
				}
				dangling := "INSERT INTO member_emails (member_id, email) VALUES (987654, 'nobody@example.org')"
				if _, err := db.Exec(ctx, dangling); err == nil {
					t.Fatal("a dangling reference went in after the load")
				}
			})
		}
	})
}

// TestInLoadTxKeys: on SQLite a load's check proves the tables CopyRows
// filled from the keys it saw go in, and must still catch every orphan:
// one in a gap between the parents' ids, one added or re-pointed outside
// CopyRows, one whose parent was removed after it went in, one in a
// table the load did not copy. Each such load fails naming the table and
// keeps nothing; PostgreSQL enforces the same keys row by row.
func TestInLoadTxKeys(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// copyEmails copies an email for each of ids, in that order.
		copyEmails := func(tx *store.Tx, ids ...int64) error {
			_, err := tx.CopyRows(ctx, "member_emails", []string{"member_id", "email"}, func(yield func([]any) bool) {
				for i, id := range ids {
					if !yield([]any{id, fmt.Sprintf("keys%d@example.org", i)}) {
						return
					}
				}
			})
			return err
		}
		for _, tc := range []struct {
			name string
			// load writes after the members ids[0] and ids[2] (not
			// ids[1]) went in through CopyRows.
			load    func(tx *store.Tx, ids []int64) error
			wantErr string
			pgOK    bool // PostgreSQL cascades the change instead
		}{
			{"a child in the gap", func(tx *store.Tx, ids []int64) error {
				return copyEmails(tx, ids[0], ids[1], ids[2])
			}, "member_emails", false},
			{"every child has its parent", func(tx *store.Tx, ids []int64) error {
				return copyEmails(tx, ids[0], ids[2])
			}, "", false},
			{"a row added outside CopyRows", func(tx *store.Tx, ids []int64) error {
				if err := copyEmails(tx, ids[0], ids[2]); err != nil {
					return err
				}
				_, err := tx.Exec(ctx, "INSERT INTO member_emails (member_id, email) VALUES (?, 'added@example.org')", ids[1])
				return err
			}, "member_emails", false},
			{"a copied row re-pointed", func(tx *store.Tx, ids []int64) error {
				if err := copyEmails(tx, ids[0], ids[2]); err != nil {
					return err
				}
				_, err := tx.Exec(ctx, "UPDATE member_emails SET member_id = ? WHERE member_id = ?", ids[1], ids[2])
				return err
			}, "member_emails", false},
			{"a parent removed after its children", func(tx *store.Tx, ids []int64) error {
				if err := copyEmails(tx, ids[0], ids[2]); err != nil {
					return err
				}
				_, err := tx.Exec(ctx, "DELETE FROM members WHERE id = ?", ids[2])
				return err
			}, "member_emails", true},
			{"a table the load did not copy", func(tx *store.Tx, ids []int64) error {
				_, err := tx.Exec(ctx, "INSERT INTO member_tags (member_id, kind, tag, tag_key) VALUES (?, 'tag', 'x', 'x')", ids[1])
				return err
			}, "member_tags", false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if _, err := db.Exec(ctx, "DELETE FROM members"); err != nil {
					t.Fatal(err)
				}
				err := db.InLoadTx(ctx, func(tx *store.Tx) error {
					ids, err := tx.ReserveIDs(ctx, "members", 3)
					if err != nil {
						return err
					}
					some := []int64{ids[0], ids[2]}
					if _, err := tx.CopyRows(ctx, "members", memberCols, withTimes(memberRows(some, "Keys"))); err != nil {
						return err
					}
					return tc.load(tx, ids)
				})
				wantErr := tc.wantErr
				if tc.pgOK && db.Dialect == store.Postgres {
					wantErr = ""
				}
				var members, emails, tags int
				if err := db.QueryRow(ctx, "SELECT (SELECT COUNT(*) FROM members), (SELECT COUNT(*) FROM member_emails), (SELECT COUNT(*) FROM member_tags)").Scan(&members, &emails, &tags); err != nil {
					t.Fatal(err)
				}
				if wantErr == "" {
					if err != nil || members == 0 {
						t.Fatalf("load: %v; %d members, want it kept", err, members)
					}
					return
				}
				if err == nil || !strings.Contains(err.Error(), wantErr) {
					t.Fatalf("load: %v, want an error naming %s", err, wantErr)
				}
				if members != 0 || emails != 0 || tags != 0 {
					t.Errorf("a failed load left %d members, %d emails and %d tags", members, emails, tags)
				}
			})
		}
	})
}
