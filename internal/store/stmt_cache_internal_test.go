package store

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

func openTestSQLite(t *testing.T, readers int) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "t.db"), Options{MaxReaders: readers})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(context.Background(), "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(context.Background(), "INSERT INTO t (id, v) VALUES (1, 'a'), (2, 'b')"); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestStmtCacheReusesAndBounds: a read query is prepared once and reused;
// a query that fails to prepare is an error and is not kept; past
// stmtCacheMax queries the cache starts again, and every query still
// answers, including one whose rows were open when its statement was
// dropped.
func TestStmtCacheReusesAndBounds(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openTestSQLite(t, 2)
	var v string
	for range 3 {
		if err := db.QueryRow(ctx, "SELECT v FROM t WHERE id = ?", 2).Scan(&v); err != nil || v != "b" {
			t.Fatalf("QueryRow = %q, %v", v, err)
		}
	}
	if n := len(db.stmts.m); n != 1 {
		t.Errorf("%d statements cached after one query three times, want 1", n)
	}
	if err := db.QueryRow(ctx, "SELECT nope FROM t").Scan(&v); err == nil {
		t.Error("a query naming no column answered")
	}
	if _, err := db.Query(ctx, "SELECT nope FROM t"); err == nil {
		t.Error("a query naming no column answered")
	}
	if n := len(db.stmts.m); n != 1 {
		t.Errorf("%d statements cached after failed ones, want 1", n)
	}

	open, err := db.Query(ctx, "SELECT v FROM t ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	if !open.Next() {
		t.Fatal("no first row")
	}
	for i := range stmtCacheMax + 10 {
		q := "SELECT v FROM t WHERE id = ? AND " + strconv.Itoa(i) + " >= 0"
		if err := db.QueryRow(ctx, q, 1).Scan(&v); err != nil || v != "a" {
			t.Fatalf("query %d = %q, %v", i, v, err)
		}
	}
	if n := len(db.stmts.m); n > stmtCacheMax {
		t.Errorf("%d statements cached, more than %d", n, stmtCacheMax)
	}
	var got []string
	for ok := true; ok; ok = open.Next() {
		if err := open.Scan(&v); err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	if err := open.Close(); err != nil || len(got) != 2 || got[1] != "b" {
		t.Errorf("rows open across the cache's reset = %v, %v", got, err)
	}
}

// TestStmtCacheQueryInsideRows: with every reader busy reading rows, a
// query run inside that loop (as list code does) still answers rather than
// waiting for ever on a connection held by the loop.
func TestStmtCacheQueryInsideRows(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	db := openTestSQLite(t, 2)
	outer, err := db.Query(ctx, "SELECT id FROM t ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer outer.Close()
	for outer.Next() {
		var id int
		var v string
		if err := outer.Scan(&id); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow(ctx, "SELECT v FROM t WHERE id = ?", id).Scan(&v); err != nil {
			t.Fatalf("inner query for %d: %v", id, err)
		}
	}
	if err := outer.Err(); err != nil {
		t.Fatal(err)
	}
}
