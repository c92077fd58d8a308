package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/bench"
	"github.com/trellis-community/trellis/internal/export"
	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/imports/csvmembers"
	"github.com/trellis-community/trellis/internal/store/storetest"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// benchSize reads a benchmark's size from env, or def.
func benchSize(b *testing.B, env string, def int) int {
	if v := os.Getenv(env); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			b.Fatalf("%s: %v", env, err)
		}
		return n
	}
	return def
}

// BenchmarkImportReviewQueue serves the review queue's first page (25
// pairs, both records, the count) with TRELLIS_REVIEW_BENCH_PAIRS pending
// pairs (default 1,200), made by importing every name twice with
// different emails. Figures in docs/benchmarks.md.
func BenchmarkImportReviewQueue(b *testing.B) {
	pairs := benchSize(b, "TRELLIS_REVIEW_BENCH_PAIRS", 1200)
	for _, d := range storetest.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			env := webtest.New(b, d)
			for round := range 2 {
				var sb strings.Builder
				sb.WriteString("name,email,affiliation\n")
				for i := range pairs {
					fmt.Fprintf(&sb, "Person %d Example,p%d-%d@example.org,Lab %d\n", i, i, round, i%10)
				}
				if _, err := env.App.Imports.Import(env.Ctx, "csv", fmt.Sprintf("round%d.csv", round), strings.NewReader(sb.String()), imports.Options{}); err != nil {
					b.Fatal(err)
				}
			}
			page, err := env.App.Imports.ReviewQueue(env.Ctx, 0, 25)
			if err != nil || page.Pending != int64(pairs) || len(page.Reviews) != 25 {
				b.Fatalf("pending %d, page %d: %v", page.Pending, len(page.Reviews), err)
			}
			cpu := bench.CPUTime()
			for b.Loop() {
				rec := env.Do(b, webtest.Request{Method: "GET", Path: "/imports/review", Role: accounts.RoleViewer})
				if rec.Code != 200 {
					b.Fatalf("status %d", rec.Code)
				}
			}
			b.ReportMetric(float64((bench.CPUTime()-cpu).Microseconds())/float64(b.N), "cpu-us/op")
		})
	}
}

// BenchmarkExportArchiveJob makes the whole-database archive as a job
// (ask, run the job writing 1 MiB chunks, download every chunk) for
// TRELLIS_EXPORT_BENCH_MEMBERS members (default 2,000; the figures in
// docs/benchmarks.md use 100,000), beside the direct stream of the same
// archive. One run each: a run is seconds long.
func BenchmarkExportArchiveJob(b *testing.B) {
	n := benchSize(b, "TRELLIS_EXPORT_BENCH_MEMBERS", 2000)
	for _, d := range storetest.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			env := webtest.New(b, d)
			var csv bytes.Buffer
			if err := csvmembers.WriteSample(&csv, n); err != nil {
				b.Fatal(err)
			}
			if _, err := env.App.Imports.Import(env.Ctx, "csv", "sample.csv", &csv, imports.Options{}); err != nil {
				b.Fatal(err)
			}
			ctx := env.Ctx
			for b.Loop() {
				t0, c0 := time.Now(), bench.CPUTime()
				d, err := env.App.Exports.Download(ctx, export.Request{Kind: export.KindArchive})
				if err != nil {
					b.Fatal(err)
				}
				if err := d.Write(ctx, io.Discard); err != nil {
					b.Fatal(err)
				}
				directWall, directCPU := time.Since(t0), bench.CPUTime()-c0

				t0, c0 = time.Now(), bench.CPUTime()
				e, err := env.App.Exports.Start(ctx, export.Request{Kind: export.KindArchive})
				if err != nil {
					b.Fatal(err)
				}
				if err := env.App.Exports.Run(ctx, e.ID); err != nil {
					b.Fatal(err)
				}
				jobWall, jobCPU := time.Since(t0), bench.CPUTime()-c0
				t0, c0 = time.Now(), bench.CPUTime()
				dl, err := env.App.Exports.Open(ctx, e.ID, env.Users[accounts.RoleOwner].ID, true)
				if err != nil {
					b.Fatal(err)
				}
				if err := dl.Write(context.Background(), io.Discard); err != nil {
					b.Fatal(err)
				}
				dlWall, dlCPU := time.Since(t0), bench.CPUTime()-c0
				e, _ = env.App.Exports.Get(ctx, e.ID)
				b.ReportMetric(directWall.Seconds(), "direct-s")
				b.ReportMetric(directCPU.Seconds(), "direct-cpu-s")
				b.ReportMetric(jobWall.Seconds(), "job-s")
				b.ReportMetric(jobCPU.Seconds(), "job-cpu-s")
				b.ReportMetric(dlWall.Seconds(), "download-s")
				b.ReportMetric(dlCPU.Seconds(), "download-cpu-s")
				b.ReportMetric(float64(e.Size)/(1<<20), "MiB")
				b.ReportMetric(float64(e.RowsDone), "rows")
				if _, err := env.App.DB.Exec(ctx, "DELETE FROM exports"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
