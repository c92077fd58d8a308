package store_test

import (
	"context"
	"sync"
	"testing"

	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestInstancesStartingTogether: several Trellis instances behind a load
// balancer start at the same moment against one empty database. Each runs
// the migrations; every one must succeed and the schema must be applied
// exactly once.
func TestInstancesStartingTogether(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.DSN(t, d)
			const instances = 4
			dbs := make([]*store.DB, instances)
			for i := range dbs {
				db, err := store.Open(ctx, dsn, store.Options{})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				dbs[i] = db
			}
			var wg sync.WaitGroup
			applied := make([]int, instances)
			errs := make([]error, instances)
			for i, db := range dbs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					ms, err := db.Migrate(ctx)
					applied[i], errs[i] = len(ms), err
				}()
			}
			wg.Wait()
			total := 0
			for i := range dbs {
				if errs[i] != nil {
					t.Fatalf("instance %d: %v", i, errs[i])
				}
				total += applied[i]
			}
			all, _ := store.Migrations(d)
			if total != len(all) {
				t.Fatalf("%d migrations applied across instances, want each of the %d once", total, len(all))
			}
			var n int
			if err := dbs[0].QueryRow(ctx, "SELECT COUNT(*) FROM schema_migrations").Scan(&n); err != nil || n != len(all) {
				t.Fatalf("schema_migrations holds %d rows (%v), want %d", n, err, len(all))
			}
		})
	}
}
