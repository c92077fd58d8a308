package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestReadSideBySide: every read runs and the first error comes back, on
// both engines; on PostgreSQL the reads overlap (the first waits for the
// last to have read, which one after another could never happen), and on
// SQLite they run in order, stopping at an error.
func TestReadSideBySide(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		read := func(ctx context.Context, out *int) error {
			return db.QueryRow(ctx, "SELECT 1 + 1").Scan(out)
		}
		var a, b, c int
		if err := db.ReadSideBySide(ctx,
			func(ctx context.Context) error { return read(ctx, &a) },
			func(ctx context.Context) error { return read(ctx, &b) },
			func(ctx context.Context) error { return read(ctx, &c) },
		); err != nil || a != 2 || b != 2 || c != 2 {
			t.Fatalf("reads = %d %d %d, %v; want 2 2 2, nil", a, b, c, err)
		}

		failed := errors.New("no such row")
		var after bool
		err := db.ReadSideBySide(ctx,
			func(ctx context.Context) error { return failed },
			func(ctx context.Context) error { after = true; return read(ctx, &a) },
		)
		if !errors.Is(err, failed) {
			t.Fatalf("error = %v, want %v", err, failed)
		}
		if db.Dialect == store.SQLite && after {
			t.Error("on SQLite a read after a failed one ran")
		}

		if db.Dialect != store.Postgres {
			return
		}
		lastRead := make(chan struct{})
		err = db.ReadSideBySide(ctx, func(ctx context.Context) error {
			select {
			case <-lastRead:
				return read(ctx, &a)
			case <-ctx.Done():
				return errors.New("the reads ran one after another")
			}
		}, func(ctx context.Context) error {
			defer close(lastRead)
			return read(ctx, &b)
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
