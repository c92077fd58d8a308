package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations
var migrationFiles embed.FS

// Migration is one embedded schema change. Migrations are append-only:
// once shipped, a file never changes; a fix is a new file.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the migrations for a dialect, in order. Both dialects
// have the same versions and names; a test holds them to that.
func Migrations(d Dialect) ([]Migration, error) {
	dir := path.Join("migrations", string(d))
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var out []Migration
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, rest, ok := strings.Cut(strings.TrimSuffix(name, ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must be NNNN_description.sql", name)
		}
		body, err := fs.ReadFile(migrationFiles, path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: rest, SQL: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i := 1; i < len(out); i++ {
		if out[i].Version == out[i-1].Version {
			return nil, fmt.Errorf("two migrations numbered %d", out[i].Version)
		}
	}
	return out, nil
}

// Migrate applies every migration not yet recorded in schema_migrations,
// each in its own transaction. Several instances may start at once against
// one PostgreSQL: an advisory lock makes them take turns.
func (db *DB) Migrate(ctx context.Context) (applied []Migration, err error) {
	all, err := Migrations(db.Dialect)
	if err != nil {
		return nil, err
	}
	err = db.InTx(ctx, func(tx *Tx) error {
		if db.Dialect == Postgres {
			// Waiting for another instance's migrations must not count
			// against the statement timeout.
			if _, err := tx.Exec(ctx, "SET LOCAL statement_timeout = 0"); err != nil {
				return err
			}
			// Held until this transaction ends; the real work happens below,
			// so the lock only serialises the check-and-create step.
			if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(7240319)"); err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version BIGINT PRIMARY KEY,
			name TEXT NOT NULL,
			applied_at BIGINT NOT NULL)`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("prepare schema_migrations: %w", err)
	}
	for _, m := range all {
		done := false
		err := db.InTx(ctx, func(tx *Tx) error {
			if db.Dialect == Postgres {
				// Building an index on a large table may take longer than
				// any request is allowed; a migration must finish.
				if _, err := tx.Exec(ctx, "SET LOCAL statement_timeout = 0"); err != nil {
					return err
				}
				if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(7240319)"); err != nil {
					return err
				}
			}
			var n int
			if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", m.Version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				done = true
				return nil
			}
			// Raw: migration text is run as written, never rebound.
			if _, err := tx.tx.ExecContext(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
				m.Version, m.Name, time.Now().Unix())
			return err
		})
		if err != nil {
			return applied, fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
		}
		if !done {
			applied = append(applied, m)
		}
	}
	return applied, nil
}

// SchemaVersion returns the highest applied migration, 0 on a new database.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v *int64
	err := db.QueryRow(ctx, "SELECT MAX(version) FROM schema_migrations").Scan(&v)
	if err != nil {
		return 0, err
	}
	if v == nil {
		return 0, nil
	}
	return int(*v), nil
}
