package backup_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/backup"
	"github.com/trellis-community/trellis/internal/config"
	"github.com/trellis-community/trellis/internal/demo"
	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

var fixedNow = time.Date(2026, 3, 10, 14, 30, 0, 0, time.UTC)

func newApp(db *store.DB) *app.App {
	return app.New(config.Default(), db, time.UTC, slog.New(slog.NewTextHandler(io.Discard, nil)),
		func() time.Time { return fixedNow })
}

// populated returns a database of dialect d with a row in every table: the
// demo community (bulk, small) and, for the tables the demo leaves empty,
// a few rows written here.
func populated(t *testing.T, d store.Dialect) *store.DB {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t, d)
	a := newApp(db)
	if _, err := demo.Load(ctx, a, demo.Options{Members: 120, Bulk: true, Programmes: 6, Content: 30, Activities: 600, Now: fixedNow}); err != nil {
		t.Fatalf("demo: %v", err)
	}
	fillDerivedTables(t, a)
	fillEmptyTables(t, db)
	return db
}

// fillDerivedTables fills, through the services that own them, the tables
// a bulk demo leaves empty: participation's standing, roll-up and
// lifecycle, the audit's kept counts, and an import's run, log, changes,
// mapping and uploaded file (field sources are written in fillEmptyTables).
func fillDerivedTables(t *testing.T, a *app.App) {
	t.Helper()
	ctx := context.Background()
	if _, err := a.Participation.RederiveAll(ctx, true); err != nil {
		t.Fatalf("rederive: %v", err)
	}
	if err := a.Participation.RollUpAll(ctx); err != nil {
		t.Fatalf("roll up: %v", err)
	}
	e, err := a.Participation.AddLifecycle(ctx, participation.LifecycleInput{Model: "practice", Stage: "coalescing", Since: "2025-06-01", Notes: "First calls."})
	if err != nil {
		t.Fatalf("lifecycle: %v", err)
	}
	if _, err := a.Participation.EditLifecycle(ctx, e.ID, e.Version, participation.LifecycleInput{Model: "practice", Stage: "maturing", Since: "2025-06-01", Notes: "Settled."}); err != nil {
		t.Fatalf("lifecycle edit: %v", err)
	}
	if err := a.ContentAudit.RefreshMemberCounts(ctx); err != nil {
		t.Fatalf("audit counts: %v", err)
	}
	csv := "Name,Email,Institution\nNew Person,new.person@example.org,Leiden\nNo Email,not an address,Leiden\n"
	if _, err := a.Imports.Import(ctx, "csv", "people.csv", strings.NewReader(csv), imports.Options{Source: "spreadsheet"}); err != nil {
		t.Fatalf("import: %v", err)
	}
	if err := a.Imports.SaveMapping(ctx, "csv", "spreadsheet", imports.Mapping{"Institution": "affiliation"}); err != nil {
		t.Fatalf("mapping: %v", err)
	}
	if _, err := a.Imports.Upload(ctx, "csv", "later.csv", []byte(csv)); err != nil {
		t.Fatalf("upload: %v", err)
	}
}

// archive writes db's archive and returns it.
func archive(t *testing.T, db *store.DB) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := backup.WriteArchive(context.Background(), db, &buf, "test", fixedNow); err != nil {
		t.Fatalf("archive %s: %v", db.Dialect, err)
	}
	return buf.Bytes()
}

// tableRows splits an archive into its rows by table, the header's
// engine-specific parts left out and flags written as 0 and 1 whichever
// engine wrote them.
func tableRows(t *testing.T, b []byte) (map[string][]string, []backup.Table) {
	t.Helper()
	rd, err := backup.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for {
		row, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		vals := make([]any, len(row.Values))
		for i, v := range row.Values {
			if bv, ok := v.(bool); ok {
				v = int64(0)
				if bv {
					v = int64(1)
				}
			}
			vals[i] = v
		}
		j, _ := json.Marshal(vals)
		out[row.Table.Name] = append(out[row.Table.Name], string(j))
	}
	return out, rd.Header.Tables
}

func TestArchiveRoundTripAcrossEngines(t *testing.T) {
	if len(storetest.Dialects()) < 2 {
		t.Skipf("needs PostgreSQL: set %s", storetest.PostgresEnv)
	}
	ctx := context.Background()
	src := populated(t, store.SQLite)
	first := archive(t, src)
	rows1, tables := tableRows(t, first)
	for _, tb := range tables {
		if len(rows1[tb.Name]) == 0 {
			t.Errorf("table %s is empty in the fixture: the round trip would not test it", tb.Name)
		}
	}

	pg := storetest.Open(t, store.Postgres)
	if _, err := backup.Restore(ctx, pg, bytes.NewReader(first)); err != nil {
		t.Fatalf("restore into postgres: %v", err)
	}
	second := archive(t, pg)
	rows2, _ := tableRows(t, second)

	lite := storetest.Open(t, store.SQLite)
	if _, err := backup.Restore(ctx, lite, bytes.NewReader(second)); err != nil {
		t.Fatalf("restore into sqlite: %v", err)
	}
	third := archive(t, lite)
	rows3, _ := tableRows(t, third)

	for _, tb := range tables {
		compareRows(t, "sqlite -> postgres", tb.Name, rows1[tb.Name], rows2[tb.Name])
		compareRows(t, "sqlite -> postgres -> sqlite", tb.Name, rows1[tb.Name], rows3[tb.Name])
	}
	// SQLite to SQLite through PostgreSQL is the same file, byte for byte,
	// but for the header's time and engine.
	if body(first) != body(third) {
		t.Error("the archive of the restored SQLite database differs from the first")
	}

	// New rows get new ids after a restore: PostgreSQL's sequences moved on.
	var maxID int64
	if err := pg.QueryRow(ctx, "SELECT MAX(id) FROM members").Scan(&maxID); err != nil {
		t.Fatal(err)
	}
	var id int64
	err := pg.InTx(ctx, func(tx *store.Tx) error {
		var err error
		id, err = tx.Insert(ctx, "INSERT INTO members (name, sort_name, created_at, updated_at) VALUES ('New', 'new', 1, 1)")
		return err
	})
	if err != nil {
		t.Fatalf("insert after restore: %v", err)
	}
	if id <= maxID {
		t.Errorf("new member id %d, want above the restored %d", id, maxID)
	}
	// The search index was rebuilt from the restored rows.
	var hits int
	if err := lite.QueryRow(ctx, "SELECT COUNT(*) FROM members_fts WHERE members_fts MATCH 'univers*'").Scan(&hits); err != nil {
		t.Fatal(err)
	}
	if hits == 0 {
		t.Error("full-text search finds nothing in the restored SQLite database")
	}
}

func compareRows(t *testing.T, path, table string, want, got []string) {
	t.Helper()
	if len(want) != len(got) {
		t.Errorf("%s: %s has %d rows, want %d", path, table, len(got), len(want))
		return
	}
	for i := range want {
		if want[i] != got[i] {
			t.Errorf("%s: %s row %d:\n got %s\nwant %s", path, table, i, got[i], want[i])
			return
		}
	}
}

// body is an archive without its header line.
func body(b []byte) string {
	_, rest, _ := strings.Cut(string(b), "\n")
	return rest
}

func TestRestoreIntoSameEngine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(db)
		if _, err := demo.Load(ctx, a, demo.Options{Members: 40, Bulk: true, Now: fixedNow}); err != nil {
			t.Fatal(err)
		}
		first := archive(t, db)
		target := storetest.Open(t, db.Dialect)
		if _, err := backup.Restore(ctx, target, bytes.NewReader(first)); err != nil {
			t.Fatalf("restore: %v", err)
		}
		if body(archive(t, target)) != body(first) {
			t.Error("restored database differs from the original")
		}
		// A second restore into the now full database is refused.
		if _, err := backup.Restore(ctx, target, bytes.NewReader(first)); err == nil || !strings.Contains(err.Error(), "empty database") {
			t.Errorf("restore into a full database: %v, want a refusal", err)
		}
	})
}
