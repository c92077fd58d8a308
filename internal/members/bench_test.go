package members_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// benchCommunity is 10,000 members with realistic spread: shared first and
// last names, a dozen affiliations, a few tags and an email each.
func benchCommunity(n int) []members.Member {
	first := []string{"Ada", "Grace", "Katherine", "Wangari", "Émilie", "Rosalind", "Lise", "Chien-Shiung", "Tu", "Mary"}
	last := []string{"Lovelace", "Hopper", "Johnson", "Maathai", "Châtelet", "Franklin", "Meitner", "Wu", "Youyou", "Anning"}
	affil := []string{"University of Nairobi", "ETH Zürich", "Universidad de Chile", "IISc Bangalore", "NASA", "CNRS"}
	tags := []string{"mentor", "speaker", "reviewer", "maintainer", "newcomer"}
	out := make([]members.Member, n)
	for i := range out {
		out[i] = members.Member{
			Name:        fmt.Sprintf("%s %s %d", first[i%len(first)], last[(i/len(first))%len(last)], i),
			Emails:      []members.Email{{Address: fmt.Sprintf("member%d@example.org", i)}},
			Affiliation: affil[i%len(affil)],
			Country:     []string{"KE", "CH", "CL", "IN", "US", "FR"}[i%6],
			Tags:        []string{tags[i%len(tags)], tags[(i/7)%len(tags)]},
			Interests:   []string{"open science", fmt.Sprint("topic ", i%50)},
			JoinedOn:    fmt.Sprintf("20%02d-%02d-%02d", 20+(i/6)%6, 1+(i/5)%12, 1+i%28),
			Notes:       "Came to the community call; interested in reproducible pipelines.",
		}
	}
	return out
}

func BenchmarkList(b *testing.B) {
	for _, d := range storetest.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			db := storetest.Open(b, d)
			svc := &members.Service{DB: db, Now: func() time.Time { return start }}
			if _, err := svc.CreateBatch(ctx, benchCommunity(10_000)); err != nil {
				b.Fatal(err)
			}
			if d == store.Postgres {
				if _, err := db.Exec(ctx, "ANALYZE"); err != nil {
					b.Fatal(err)
				}
			}
			cases := []struct {
				name   string
				filter members.Filter
			}{
				{"first page", members.Filter{}},
				{"search", members.Filter{Q: "lovelace"}},
				{"tag and country", members.Filter{Tags: []string{"mentor"}, Country: []string{"KE"}, Sort: "-joined"}},
				{"name substring", members.Filter{Name: "lovelace"}},
			}
			for _, c := range cases {
				b.Run(c.name, func(b *testing.B) {
					for b.Loop() {
						res, err := svc.List(ctx, c.filter, members.Page{})
						if err != nil || len(res.Members) != members.DefaultLimit {
							b.Fatalf("List = %d members, %v", len(res.Members), err)
						}
					}
				})
			}
		})
	}
}

// BenchmarkCreateBatch measures imports: 1,000 members (about 8,000 rows
// with their emails, tags and audit entries) per transaction.
func BenchmarkCreateBatch(b *testing.B) {
	batch := benchCommunity(1_000)
	for _, d := range storetest.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			svc := &members.Service{DB: storetest.Open(b, d), Now: func() time.Time { return start }}
			for b.Loop() {
				if _, err := svc.CreateBatch(ctx, batch); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(batch)*b.N)/b.Elapsed().Seconds(), "members/s")
		})
	}
}

// BenchmarkFindDuplicates is the check a create runs: by email, ORCID iD,
// identity, name (through name_key's index) and close names at the same
// affiliation (here about 1,700 members, read from an index). Target:
// under 5 ms on either engine on a quiet machine, so adding a member stays
// instant.
func BenchmarkFindDuplicates(b *testing.B) {
	for _, d := range storetest.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			db := storetest.Open(b, d)
			svc := &members.Service{DB: db, Now: func() time.Time { return start }}
			if _, err := svc.CreateBatch(ctx, benchCommunity(10_000)); err != nil {
				b.Fatal(err)
			}
			if d == store.Postgres {
				// As autovacuum soon would after a bulk load: the visibility
				// map lets the affiliation scan read the index alone.
				if _, err := db.Exec(ctx, "VACUUM ANALYZE members"); err != nil {
					b.Fatal(err)
				}
			}
			probe := members.Member{Name: "Lovelace Ada 0", Affiliation: "University of Nairobi",
				Emails: []members.Email{{Address: "someone.new@example.org"}}}
			for b.Loop() {
				got, err := svc.FindDuplicates(ctx, probe)
				if err != nil || len(got) == 0 {
					b.Fatalf("FindDuplicates = %d, %v", len(got), err)
				}
			}
		})
	}
}

// BenchmarkBulkTag tags and untags the largest bulk action allowed, 10,000
// members, each with its audit entry: it has to fit in a request's
// QueryTimeout (5 s) on either engine.
func BenchmarkBulkTag(b *testing.B) {
	for _, d := range storetest.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			svc, _ := newService(storetest.Open(b, d))
			ids := createNumbered(b, svc, members.MaxBulkIDs)
			b.ResetTimer()
			for i := range b.N {
				if n, err := svc.BulkTag(ctx, ids, "Mentor", i%2 == 1); err != nil || n != len(ids) {
					b.Fatalf("BulkTag = %d, %v", n, err)
				}
			}
		})
	}
}
