package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestMigrateRecordsChecksums: every applied migration is recorded with the
// SHA-256 of the text that ran.
func TestMigrateRecordsChecksums(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		all, _ := store.Migrations(db.Dialect)
		for _, m := range all {
			var sum string
			if err := db.QueryRow(ctx, "SELECT checksum FROM schema_migrations WHERE version = ?", m.Version).Scan(&sum); err != nil {
				t.Fatalf("%s: %v", m.ID(), err)
			}
			if sum != m.Checksum() || len(sum) != 64 {
				t.Errorf("%s: recorded checksum %q, want %q", m.ID(), sum, m.Checksum())
			}
		}
	})
}

// TestMigrateRefusesChangedMigration: a shipped migration whose file was
// edited after it ran stops start-up with a message that names it and says
// what to do. The edit is simulated by recording another checksum, which is
// what the database would hold had the file said something else then.
func TestMigrateRefusesChangedMigration(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		old := strings.Repeat("ab", 32)
		if _, err := db.Exec(ctx, "UPDATE schema_migrations SET checksum = ? WHERE version = 2", old); err != nil {
			t.Fatal(err)
		}
		_, err := db.Migrate(ctx)
		var changed *store.ChangedMigrationError
		if !errors.As(err, &changed) {
			t.Fatalf("Migrate after an edit: %v, want a ChangedMigrationError", err)
		}
		for _, want := range []string{
			"migration 0002_members was changed after it was applied to this database",
			"checksum recorded abababababab",
			"migrations are append-only; restore the file and add a new migration instead",
		} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not say %q", err, want)
			}
		}
	})
}

// TestMigrateUpgradesOldMigrationsTable: a database migrated before
// checksums were recorded has schema_migrations without the column. The
// first start adds it and fills in every applied migration's checksum, and
// the next start checks against them.
func TestMigrateUpgradesOldMigrationsTable(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.InTx(ctx, func(tx *store.Tx) error {
			for _, q := range []string{
				"CREATE TABLE old_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
				"INSERT INTO old_migrations SELECT version, name, applied_at FROM schema_migrations",
				"DROP TABLE schema_migrations",
				"ALTER TABLE old_migrations RENAME TO schema_migrations",
			} {
				if _, err := tx.Exec(ctx, q); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		applied, err := db.Migrate(ctx)
		if err != nil {
			t.Fatalf("Migrate on an old schema_migrations: %v", err)
		}
		if len(applied) != 0 {
			t.Fatalf("applied %d migrations again", len(applied))
		}
		all, _ := store.Migrations(db.Dialect)
		var filled int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE checksum <> ''").Scan(&filled); err != nil {
			t.Fatal(err)
		}
		if filled != len(all) {
			t.Fatalf("%d checksums filled in, want %d", filled, len(all))
		}
		if _, err := db.Exec(ctx, "UPDATE schema_migrations SET checksum = 'x' WHERE version = 1"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Migrate(ctx); err == nil || !strings.Contains(err.Error(), "0001_accounts was changed") {
			t.Fatalf("Migrate after the upgrade did not check checksums: %v", err)
		}
	})
}

func TestChecksumIgnoresLineEndings(t *testing.T) {
	t.Parallel()
	lf := store.Migration{Version: 1, Name: "x", SQL: "CREATE TABLE a (b TEXT);\nSELECT 1;\n"}
	crlf := store.Migration{Version: 1, Name: "x", SQL: "CREATE TABLE a (b TEXT);\r\nSELECT 1;\r\n"}
	other := store.Migration{Version: 1, Name: "x", SQL: "CREATE TABLE a (b INTEGER);\nSELECT 1;\n"}
	if lf.Checksum() != crlf.Checksum() {
		t.Error("CRLF line endings change the checksum")
	}
	if lf.Checksum() == other.Checksum() {
		t.Error("a changed column type keeps the checksum")
	}
}
