package store

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
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

// Checksum is the hex SHA-256 of the migration's text, recorded when it is
// applied so a later edit to a shipped file is caught at start-up. Line
// endings are normalised first: a checkout that turns LF into CRLF has not
// changed the migration.
func (m Migration) Checksum() string {
	sum := sha256.Sum256([]byte(strings.ReplaceAll(m.SQL, "\r\n", "\n")))
	return hex.EncodeToString(sum[:])
}

// ID is how people name a migration: 0002_members.
func (m Migration) ID() string { return fmt.Sprintf("%04d_%s", m.Version, m.Name) }

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
//
// Before applying anything it checks that every migration this database
// already ran still has the text it ran with, and refuses to start if one
// was edited: the schema would no longer be what the files say.
func (db *DB) Migrate(ctx context.Context) (applied []Migration, err error) {
	all, err := Migrations(db.Dialect)
	if err != nil {
		return nil, err
	}
	err = db.migrationTx(ctx, func(tx *Tx) error {
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
		if err := prepareMigrationsTable(ctx, tx); err != nil {
			return fmt.Errorf("prepare schema_migrations: %w", err)
		}
		return verifyChecksums(ctx, tx, all)
	})
	if err != nil {
		return nil, err
	}
	for _, m := range all {
		done := false
		err := db.migrationTx(ctx, func(tx *Tx) error {
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
			_, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at, checksum) VALUES (?, ?, ?, ?)",
				m.Version, m.Name, time.Now().Unix(), m.Checksum())
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

// migrationTx is InTx for the migrations' transactions. On SQLite, where
// instances sharing a file take turns at its one write lock, a transaction
// that found the lock held past busy_timeout is begun again: an instance
// starting beside others must wait for their migrations however long
// they take (under load, four instances' worth took over the 10 s one
// wait allows). PostgreSQL's advisory lock already waits without limit.
func (db *DB) migrationTx(ctx context.Context, fn func(tx *Tx) error) error {
	for {
		err := db.InTx(ctx, fn)
		if db.Dialect != SQLite || !isBusy(err) || ctx.Err() != nil {
			return err
		}
	}
}

// prepareMigrationsTable creates schema_migrations, or adds the checksum
// column to one made before checksums were recorded.
func prepareMigrationsTable(ctx context.Context, tx *Tx) error {
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version BIGINT PRIMARY KEY,
		name TEXT NOT NULL,
		applied_at BIGINT NOT NULL,
		checksum TEXT NOT NULL DEFAULT '')`); err != nil {
		return err
	}
	var n int
	q := "SELECT COUNT(*) FROM pragma_table_info('schema_migrations') WHERE name = 'checksum'"
	if tx.Dialect == Postgres {
		q = `SELECT COUNT(*) FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = 'schema_migrations' AND column_name = 'checksum'`
	}
	if err := tx.QueryRow(ctx, q).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		_, err := tx.Exec(ctx, "ALTER TABLE schema_migrations ADD COLUMN checksum TEXT NOT NULL DEFAULT ''")
		return err
	}
	return nil
}

// verifyChecksums compares each applied migration with its embedded text.
// Migrations applied before checksums were recorded have an empty one: it
// is filled in from the embedded text, which is the best evidence there is.
func verifyChecksums(ctx context.Context, tx *Tx, all []Migration) error {
	byVersion := make(map[int]Migration, len(all))
	for _, m := range all {
		byVersion[m.Version] = m
	}
	type row struct {
		version int
		sum     string
	}
	rows, err := tx.Query(ctx, "SELECT version, checksum FROM schema_migrations ORDER BY version")
	if err != nil {
		return fmt.Errorf("read schema_migrations: %w", err)
	}
	var recorded []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.version, &r.sum); err != nil {
			rows.Close()
			return fmt.Errorf("read schema_migrations: %w", err)
		}
		recorded = append(recorded, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read schema_migrations: %w", err)
	}
	for _, r := range recorded {
		m, ok := byVersion[r.version]
		if !ok {
			// Applied by a newer Trellis; nothing here to compare with.
			continue
		}
		want := m.Checksum()
		switch r.sum {
		case want:
		case "":
			if _, err := tx.Exec(ctx, "UPDATE schema_migrations SET checksum = ? WHERE version = ?", want, m.Version); err != nil {
				return fmt.Errorf("record checksum of migration %s: %w", m.ID(), err)
			}
		default:
			return &ChangedMigrationError{Migration: m, Recorded: r.sum}
		}
	}
	return nil
}

// ChangedMigrationError is returned by Migrate when an applied migration's
// file no longer has the text the database ran.
type ChangedMigrationError struct {
	Migration Migration
	Recorded  string // checksum recorded when it was applied
}

func (e *ChangedMigrationError) Error() string {
	return fmt.Sprintf("migration %s was changed after it was applied to this database "+
		"(checksum recorded %.12s…, file now %.12s…): migrations are append-only; "+
		"restore the file and add a new migration instead",
		e.Migration.ID(), e.Recorded, e.Migration.Checksum())
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
