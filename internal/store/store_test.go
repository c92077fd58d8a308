package store_test

import (
	"context"
	"testing"

	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestMigrationsMatchAcrossDialects(t *testing.T) {
	t.Parallel()
	lite, err := store.Migrations(store.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := store.Migrations(store.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) != len(pg) {
		t.Fatalf("sqlite has %d migrations, postgres %d", len(lite), len(pg))
	}
	for i := range lite {
		if lite[i].Version != pg[i].Version || lite[i].Name != pg[i].Name {
			t.Errorf("migration %d: sqlite %04d_%s, postgres %04d_%s", i,
				lite[i].Version, lite[i].Name, pg[i].Version, pg[i].Name)
		}
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		applied, err := db.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 0 {
			t.Fatalf("second Migrate applied %d migrations, want 0", len(applied))
		}
		v, err := db.SchemaVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		all, _ := store.Migrations(db.Dialect)
		if v != all[len(all)-1].Version {
			t.Fatalf("schema version %d, want %d", v, all[len(all)-1].Version)
		}
	})
}

func TestRebind(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
	}{
		{"SELECT 1", "SELECT 1"},
		{"a = ? AND b = ?", "a = $1 AND b = $2"},
		{"a = '?' AND b = ?", "a = '?' AND b = $1"},
	}
	for _, tt := range tests {
		if got := store.Rebind(store.Postgres, tt.in); got != tt.want {
			t.Errorf("Rebind(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := store.Rebind(store.SQLite, tt.in); got != tt.in {
			t.Errorf("sqlite Rebind changed %q to %q", tt.in, got)
		}
	}
}

func TestFullTextSearchFindsPrefixes(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO members (name, sort_name, search_text, created_at, updated_at)
				VALUES ('Ada Lovelace', 'ada lovelace', 'ada lovelace analytical engine', 1, 1),
				       ('Grace Hopper', 'grace hopper', 'grace hopper compilers cobol', 1, 1)`)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			q    string
			want int
		}{
			{"analyt", 1},
			{"grace comp", 1},
			{"ada cobol", 0},
			{"GRACE", 1},
			{"lovelace hopper", 0},
		}
		for _, tt := range tests {
			fq := store.FullTextQuery(db.Dialect, store.SearchTerms(tt.q))
			var query string

			if db.Dialect == store.Postgres {
				query = "SELECT COUNT(*) FROM members WHERE search_vector @@ to_tsquery('simple', ?)"
			} else {
				query = "SELECT COUNT(*) FROM members WHERE id IN (SELECT rowid FROM members_fts WHERE members_fts MATCH ?)"
			}
			var n int
			if err := db.QueryRow(ctx, query, fq).Scan(&n); err != nil {
				t.Fatalf("%q: %v", tt.q, err)
			}
			if n != tt.want {
				t.Errorf("search %q found %d, want %d", tt.q, n, tt.want)
			}
		}
	})
}

// TestSQLiteReaderCache: readers keep small page caches, the writer a
// large one, so eight busy readers do not hold eight large caches.
func TestSQLiteReaderCache(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	var read int
	if err := db.QueryRow(ctx, "PRAGMA cache_size").Scan(&read); err != nil || read != -4000 {
		t.Errorf("reader cache_size = %d, %v; want -4000", read, err)
	}
	var write int
	err := db.InTx(ctx, func(tx *store.Tx) error { return tx.QueryRow(ctx, "PRAGMA cache_size").Scan(&write) })
	if err != nil || write != -32000 {
		t.Errorf("writer cache_size = %d, %v; want -32000", write, err)
	}
}
