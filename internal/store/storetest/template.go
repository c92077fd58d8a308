package storetest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/store"
)

// Migrating from nothing costs about a second on SQLite and several on
// PostgreSQL (every migration is its own transaction, and the race
// detector slows both), and the suite opens well over a thousand
// databases. So each engine is migrated once, into a template, and every
// test gets a copy of it: a file copy on SQLite, CREATE DATABASE ...
// TEMPLATE on PostgreSQL. Open still runs Migrate on the copy, which
// checks every migration's checksum and applies nothing, so a test sees
// exactly what a migrated database is.

// migrationsKey names the current set of migrations for dialect d: a
// template built from other files (another branch, an edited migration)
// is never reused.
func migrationsKey(d store.Dialect) (string, error) {
	ms, err := store.Migrations(d)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, m := range ms {
		fmt.Fprintf(h, "%s %s\n", m.ID(), m.Checksum())
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

var sqliteTemplate struct {
	once sync.Once
	data []byte
	err  error
}

// sqliteCopy writes a migrated SQLite database to path.
func sqliteCopy(path string) error {
	t := &sqliteTemplate
	t.once.Do(func() { t.data, t.err = buildSQLiteTemplate() })
	if t.err != nil {
		return t.err
	}
	return os.WriteFile(path, t.data, 0o600)
}

func buildSQLiteTemplate() ([]byte, error) {
	dir, err := os.MkdirTemp("", "trellis-template-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "template.db")
	ctx := context.Background()
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate the sqlite template: %w", err)
	}
	// Everything into the main file, so the copy needs no WAL beside it.
	if _, err := db.Exec(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.Close(); err != nil {
		return nil, err
	}
	return os.ReadFile(path)
}

var pgTemplate struct {
	once sync.Once
	name string
	err  error
}

// templateLock serialises building the PostgreSQL template across the
// test processes `go test ./...` runs at once.
const templateLock = 7_302_214_099

// postgresCopy creates a database copied from the migrated template and
// returns its URL; the database is dropped when the test ends.
func postgresCopy(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		tb.Skipf("%s is not set", PostgresEnv)
	}
	t := &pgTemplate
	t.once.Do(func() { t.name, t.err = buildPostgresTemplate(base) })
	if t.err != nil {
		tb.Fatalf("postgres template: %v", t.err)
	}
	name := "t_" + randomHex(6)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatalf("postgres: %v", err)
	}
	defer admin.Close()
	// A clone fails while anyone is connected to its template; nothing
	// should be, but a just-closed connection may still be leaving.
	for try := 0; ; try++ {
		_, err = admin.Exec("CREATE DATABASE " + name + " TEMPLATE " + t.name)
		if err == nil || try == 20 || !strings.Contains(err.Error(), "being accessed by other users") {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		tb.Fatalf("postgres at %s: copy the template: %v", base, err)
	}
	tb.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer admin.Close()
		_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	return withDatabase(tb, base, name)
}

func buildPostgresTemplate(base string) (string, error) {
	key, err := migrationsKey(store.Postgres)
	if err != nil {
		return "", err
	}
	name := "trellis_tmpl_" + key
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	conn, err := admin.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", int64(templateLock)); err != nil {
		return "", err
	}
	defer conn.ExecContext(ctx, "SELECT pg_advisory_unlock($1)", int64(templateLock))
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT COUNT(*) FROM pg_database WHERE datname = $1", name).Scan(&n); err != nil {
		return "", err
	}
	if n == 1 {
		return name, nil
	}
	// Built under another name and renamed when whole, so a process killed
	// half-way never leaves a template that looks ready.
	building := name + "_building"
	for _, q := range []string{"DROP DATABASE IF EXISTS " + building + " WITH (FORCE)", "CREATE DATABASE " + building} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return "", err
		}
	}
	u, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	u.Path = "/" + building
	db, err := store.Open(ctx, u.String(), store.Options{})
	if err != nil {
		return "", err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return "", fmt.Errorf("migrate the postgres template: %w", err)
	}
	if err := db.Close(); err != nil {
		return "", err
	}
	if _, err := conn.ExecContext(ctx, "ALTER DATABASE "+building+" RENAME TO "+name); err != nil {
		return "", err
	}
	return name, nil
}

// withDatabase is base with its database replaced by name.
func withDatabase(tb testing.TB, base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("parse %s: %v", PostgresEnv, err)
	}
	u.Path = "/" + name
	return u.String()
}
