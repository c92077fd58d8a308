package demo_test

import (
	"context"
	"testing"

	"github.com/trellis-community/trellis/internal/demo"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// BenchmarkLoad10k loads a generated community of 10,000 members (about
// 20,000 interactions) into a fresh SQLite database. Target: under 10 s
// per load on a developer laptop.
func BenchmarkLoad10k(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		a := newApp(storetest.Open(b, store.SQLite), fixedNow)
		b.StartTimer()
		if _, err := demo.Load(ctx, a, demo.Options{Members: 10_000}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*10_000)/b.Elapsed().Seconds(), "members/s")
}
