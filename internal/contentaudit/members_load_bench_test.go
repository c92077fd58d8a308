package contentaudit

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
)

// BenchmarkLoadMembers counts the member side of an audit on a large
// database named by TRELLIS_AUDIT_BENCH_DB (a migrated SQLite file, such
// as one `trellis demo --members 100000 --bulk` wrote), with a few
// segments saved on it. At 100,000 members the GROUP BY takes 14-20 ms
// and each segment counted 30-150 ms more (on a quiet machine). The file is changed (segments saved),
// so point it at a copy.
func BenchmarkLoadMembers(b *testing.B) {
	path := os.Getenv("TRELLIS_AUDIT_BENCH_DB")
	if path == "" {
		b.Skip("TRELLIS_AUDIT_BENCH_DB is not set")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	s := newService(db)
	for name, f := range map[string]members.Filter{
		"Bench: early career in Kenya": {CareerStage: []members.CareerStage{members.StageEarlyCareer}, Country: []string{"KE"}},
		"Bench: ECR network":           {Tags: []string{"ecr-network"}},
		"Bench: written, Asia":         {Modality: []string{"written"}, TimeZone: []string{"Asia/Tokyo", "Asia/Kolkata", "Asia/Shanghai"}},
	} {
		if _, err := s.Members.CreateSegment(ctx, name, f); err != nil && !isConflict(err) {
			b.Fatal(err)
		}
	}
	segs, err := s.Members.ListSegments(ctx)
	if err != nil {
		b.Fatal(err)
	}
	all := map[int64]bool{}
	for _, seg := range segs {
		all[seg.ID] = true
	}
	for _, c := range []struct {
		name  string
		aimed map[int64]bool
	}{{"every segment aimed at", all}, {"counting every segment", nil}} {
		b.Run(c.name, func(b *testing.B) {
			var m Members
			for b.Loop() {
				if m, err = s.LoadMembers(ctx, c.aimed); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(m.Total), "members")
		})
	}
}

func isConflict(err error) bool {
	ae, ok := errors.AsType[*apperr.Error](err)
	return ok && ae.Code == apperr.Conflict
}
