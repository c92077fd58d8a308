package csvmembers_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/imports/csvmembers"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// BenchmarkImport100k imports a 100,000-member spreadsheet into an empty
// community on each engine. Targets: 50,000 members/s on SQLite, 20,000/s
// on PostgreSQL.
func BenchmarkImport100k(b *testing.B) {
	const n = 100_000
	var file bytes.Buffer
	if err := csvmembers.WriteSample(&file, n); err != nil {
		b.Fatal(err)
	}
	for _, d := range storetest.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				db := storetest.Open(b, d)
				s, _ := services(db)
				b.StartTimer()
				run, err := s.Import(context.Background(), "csv", "sample.csv", bytes.NewReader(file.Bytes()), imports.Options{})
				if err != nil {
					b.Fatal(err)
				}
				if run.Created != n {
					b.Fatalf("created %d, want %d", run.Created, n)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "members/s")
		})
	}
}

// BenchmarkReimport100k imports the same 100,000-member spreadsheet a
// second time, which must change nothing: the cost of matching every row
// and finding it unchanged.
func BenchmarkReimport100k(b *testing.B) {
	const n = 100_000
	var file bytes.Buffer
	if err := csvmembers.WriteSample(&file, n); err != nil {
		b.Fatal(err)
	}
	for _, d := range storetest.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			db := storetest.Open(b, d)
			s, _ := services(db)
			if _, err := s.Import(context.Background(), "csv", "sample.csv", bytes.NewReader(file.Bytes()), imports.Options{}); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				run, err := s.Import(context.Background(), "csv", "sample.csv", bytes.NewReader(file.Bytes()), imports.Options{})
				if err != nil {
					b.Fatal(err)
				}
				if run.Unchanged != n {
					b.Fatalf("unchanged %d, want %d", run.Unchanged, n)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "members/s")
		})
	}
}
