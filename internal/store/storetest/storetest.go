// Package storetest gives tests a fresh, migrated Trellis database on every
// engine: a temporary SQLite file always, and PostgreSQL when
// TRELLIS_TEST_POSTGRES_URL is set (each test in its own database, copied
// from a migrated template, so runs and parallel tests never collide; DSN
// gives an empty schema instead, for tests of migrating itself).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/trellis-community/trellis/internal/store"
)

// PostgresEnv names the environment variable holding the PostgreSQL URL
// tests run against.
const PostgresEnv = "TRELLIS_TEST_POSTGRES_URL"

// Each runs fn once per available engine, as parallel subtests named
// "sqlite" and "postgres", each with its own empty migrated database (closed
// when the subtest ends), so they share nothing. A test that changes
// process-wide state (t.Setenv, globals) must not use Each.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, d := range Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			fn(t, Open(t, d))
		})
	}
}

// EachInTurn is Each with the engines one after the other, for tests that
// hold a query to a time limit and must not share the machine with their
// own other engine, or that change package state for a while.
func EachInTurn(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, d := range Dialects() {
		t.Run(string(d), func(t *testing.T) {
			fn(t, Open(t, d))
		})
	}
}

// Dialects lists the engines tests should cover on this machine.
func Dialects() []store.Dialect {
	ds := []store.Dialect{store.SQLite}
	if os.Getenv(PostgresEnv) != "" {
		ds = append(ds, store.Postgres)
	}
	return ds
}

// Open returns a fresh migrated database of the given dialect, removed when
// the test ends.
func Open(tb testing.TB, d store.Dialect) *store.DB {
	tb.Helper()
	var dsn string
	if d == store.SQLite {
		dsn = filepath.Join(tb.TempDir(), "trellis.db")
		if err := sqliteCopy(dsn); err != nil {
			tb.Fatalf("sqlite template: %v", err)
		}
	} else {
		dsn = postgresCopy(tb)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		tb.Fatalf("open %s: %v", d, err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		tb.Fatalf("migrate %s: %v", d, err)
	}
	return db
}

// DSN returns a connection string for a fresh, empty database of dialect d:
// a file in the test's temporary directory, or a new PostgreSQL schema that
// is dropped when the test ends.
func DSN(tb testing.TB, d store.Dialect) string {
	tb.Helper()
	if d == store.SQLite {
		return filepath.Join(tb.TempDir(), "trellis.db")
	}
	base := os.Getenv(PostgresEnv)
	if base == "" {
		tb.Skipf("%s is not set", PostgresEnv)
	}
	schema := "t_" + randomHex(6)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatalf("postgres: %v", err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		tb.Fatalf("postgres at %s unreachable or unusable: %v", base, err)
	}
	tb.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer admin.Close()
		_, _ = admin.Exec("DROP SCHEMA " + schema + " CASCADE")
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("parse %s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// randomHex is n random bytes in hex: names no two tests share.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
