package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// slowQuery runs for minutes unless it is stopped.
func slowQuery(d store.Dialect) string {
	if d == store.Postgres {
		return "SELECT 1 FROM pg_sleep(120)"
	}
	return "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000000000) SELECT MAX(x) FROM c"
}

// A query that outlives its context's deadline is stopped on both engines
// (a cancel request on PostgreSQL, an interrupt on SQLite) and reported as
// a Timeout, not an internal error.
func TestDeadlineStopsSlowQueries(t *testing.T) {
	storetest.EachInTurn(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		began := time.Now()
		var n int64
		err := db.QueryRow(ctx, slowQuery(db.Dialect)).Scan(&n)
		took := time.Since(began)
		if err == nil {
			t.Fatal("the slow query finished")
		}
		if took > 5*time.Second {
			t.Fatalf("the query stopped after %v, want about 200ms", took)
		}
		if !store.IsTimeout(err) {
			t.Fatalf("IsTimeout(%v) = false", err)
		}
		wrapped := store.Wrap(err, "Could not list.")
		if !apperr.Is(wrapped, apperr.Timeout) {
			t.Fatalf("Wrap = %v, want a Timeout", wrapped)
		}
		// The connection is usable again afterwards.
		if err := db.QueryRow(context.Background(), "SELECT 1").Scan(&n); err != nil || n != 1 {
			t.Fatalf("after the timeout: %d, %v", n, err)
		}
	})
}

// On PostgreSQL the server stops a statement by itself after
// StatementTimeout, even when the client never cancels it.
func TestStatementTimeout(t *testing.T) {
	dsn := storetest.DSN(t, store.Postgres)
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, store.Options{StatementTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Migrations are exempt: they must finish whatever the limit.
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	var n int64
	err = db.QueryRow(ctx, slowQuery(store.Postgres)).Scan(&n)
	if err == nil || time.Since(began) > 5*time.Second {
		t.Fatalf("slow query: %v after %v, want statement_timeout after 300ms", err, time.Since(began))
	}
	if got := store.Wrap(err, "x"); !apperr.Is(got, apperr.Timeout) {
		t.Fatalf("Wrap = %v, want a Timeout", got)
	}
	var setting string
	if err := db.QueryRow(ctx, "SHOW statement_timeout").Scan(&setting); err != nil || setting != "300ms" {
		t.Fatalf("statement_timeout = %q, %v", setting, err)
	}
}

// Unique and foreign-key failures are a Conflict on both engines, and an
// application error passes through Wrap untouched.
func TestWrapClassifies(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		insert := func(q string, args ...any) error {
			return db.InTx(ctx, func(tx *store.Tx) error {
				_, err := tx.Exec(ctx, q, args...)
				return err
			})
		}
		if err := insert("INSERT INTO stakeholder_groups (name, position, builtin) VALUES (?, ?, ?)", "Twice", 99, false); err != nil {
			t.Fatal(err)
		}
		dup := insert("INSERT INTO stakeholder_groups (name, position, builtin) VALUES (?, ?, ?)", "Twice", 100, false)
		fk := insert("INSERT INTO key_member_groups (member_id, group_id) VALUES (?, ?)", 424242, 424242)
		for name, err := range map[string]error{"unique": dup, "foreign key": fk} {
			if got := store.Wrap(err, "Could not save."); !apperr.Is(got, apperr.Conflict) {
				t.Errorf("%s: Wrap(%v) = %v, want a Conflict", name, err, got)
			}
		}
		nf := apperr.NotFoundf("gone")
		if got := store.Wrap(nf, "x"); got != error(nf) {
			t.Errorf("Wrap changed an application error: %v", got)
		}
		if store.Wrap(nil, "x") != nil {
			t.Error("Wrap(nil) != nil")
		}
	})
}
