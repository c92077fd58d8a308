package relationships_test

import (
	"context"
	"os"
	"testing"

	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/store"
)

// BenchmarkDashboardLarge loads the dashboard of the community in the
// database TRELLIS_BENCH_DB names (a SQLite file or a postgres:// URL),
// such as the one `trellis bench` generates at 100,000 members; it is
// skipped without one. The target is 10 ms of server time.
//
//	TRELLIS_BENCH_DB=/work/bench-100k.db go test ./internal/relationships -run '^$' -bench DashboardLarge
func BenchmarkDashboardLarge(b *testing.B) {
	dsn := os.Getenv("TRELLIS_BENCH_DB")
	if dsn == "" {
		b.Skip("TRELLIS_BENCH_DB names no database")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	svc := &relationships.Service{DB: db}
	for b.Loop() {
		d, err := svc.Dashboard(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if d.KeyMembersCount == 0 {
			b.Fatal("no key members: not a generated community")
		}
	}
}
