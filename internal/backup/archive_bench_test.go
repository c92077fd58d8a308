package backup_test

import (
	"context"
	"io"
	"testing"

	"github.com/trellis-community/trellis/internal/backup"
	"github.com/trellis-community/trellis/internal/demo"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// BenchmarkWriteArchive writes the archive of a 2,000-member community
// (bulk demo) and reports rows per second. The 100,000-member figures in
// docs/benchmarks.md come from `trellis export archive` on the
// `trellis demo --bulk --members 100000` database.
func BenchmarkWriteArchive(b *testing.B) {
	for _, d := range storetest.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			ctx := context.Background()
			db := storetest.Open(b, d)
			if _, err := demo.Load(ctx, newApp(db), demo.Options{Members: 2000, Bulk: true, Now: fixedNow}); err != nil {
				b.Fatal(err)
			}
			var rows int64
			for b.Loop() {
				st, err := backup.WriteArchive(ctx, db, io.Discard, "bench", fixedNow)
				if err != nil {
					b.Fatal(err)
				}
				rows = st.Rows
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
