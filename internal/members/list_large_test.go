package members_test

import (
	"context"
	"os"
	"testing"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
)

// BenchmarkListLarge reads pages of the member list the benchmark reads,
// on the community in the database TRELLIS_BENCH_DB names (a SQLite file
// or a postgres:// URL, such as one `trellis bench` generated at 100,000
// members); it is skipped without one. TRELLIS_BENCH_Q sets the search
// (default "maria", a common given name).
//
//	TRELLIS_BENCH_DB=/work/bench-100k.db go test ./internal/members -run '^$' -bench ListLarge
func BenchmarkListLarge(b *testing.B) {
	dsn := os.Getenv("TRELLIS_BENCH_DB")
	if dsn == "" {
		b.Skip("TRELLIS_BENCH_DB names no database")
	}
	q := os.Getenv("TRELLIS_BENCH_Q")
	if q == "" {
		q = "maria"
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	svc := &members.Service{DB: db}
	for _, tc := range []struct {
		name  string
		f     members.Filter
		first bool // the first page again and again, rather than walking on
	}{
		{"page", members.Filter{}, false},
		{"search", members.Filter{Q: q}, false},
		{"search_first_page", members.Filter{Q: q}, true},
		{"career_stage", members.Filter{CareerStage: []members.CareerStage{"senior"}}, false},
	} {
		b.Run(tc.name, func(b *testing.B) {
			cursor := ""
			for b.Loop() {
				res, err := svc.List(ctx, tc.f, members.Page{Limit: 50, Cursor: cursor})
				if err != nil {
					b.Fatal(err)
				}
				if len(res.Members) == 0 {
					b.Fatal("no members")
				}
				if !tc.first {
					cursor = res.Next
				}
			}
		})
	}
}
