package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestBulkOutlastsStatementTimeout: a bulk load and the analysis after it
// run as long as they need on PostgreSQL, whatever statement_timeout
// bounds a request's queries (it stopped the COPY of 100,000 members), and
// the connections keep the limit for everything else.
func TestBulkOutlastsStatementTimeout(t *testing.T) {
	dsn := storetest.DSN(t, store.Postgres)
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, store.Options{StatementTimeout: 200 * time.Millisecond, MaxReaders: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	err = db.InBulkTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, "SELECT pg_sleep(0.4)")
		return err
	})
	if err != nil {
		t.Fatalf("a slow statement in a bulk load: %v", err)
	}
	if err := db.Analyze(ctx, "members"); err != nil {
		t.Fatal(err)
	}
	for range 3 { // whichever connection the pool hands out
		var setting string
		if err := db.QueryRow(ctx, "SHOW statement_timeout").Scan(&setting); err != nil || setting != "200ms" {
			t.Fatalf("statement_timeout after the load = %q, %v; want 200ms", setting, err)
		}
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			return tx.QueryRow(ctx, "SHOW statement_timeout").Scan(&setting)
		}); err != nil || setting != "200ms" {
			t.Fatalf("statement_timeout of the writer after the load = %q, %v; want 200ms", setting, err)
		}
	}
}
