package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"testing"

	"github.com/trellis-community/trellis/internal/export"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestMembersPagesThroughEveryone exports more members than one page
// holds, all and filtered, and checks each comes out once, in id order.
func TestMembersPagesThroughEveryone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := &members.Service{DB: db}
		const n = 2345
		ms := make([]members.Member, n)
		for i := range ms {
			ms[i] = members.Member{Name: fmt.Sprintf("Member %04d", n-i)}
			if i%3 == 0 {
				ms[i].Tags = []string{"third"}
			}
			if i%100 == 0 {
				ms[i].Emails = []members.Email{{Address: fmt.Sprintf("m%d@example.org", i), Primary: true}}
			}
		}
		if _, err := svc.CreateBatch(ctx, ms); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name   string
			filter members.Filter
			want   int
		}{
			{"everyone", members.Filter{}, n},
			{"a tag", members.Filter{Tags: []string{"third"}}, (n + 2) / 3},
			{"nobody", members.Filter{Tags: []string{"none"}}, 0},
		} {
			var buf bytes.Buffer
			got, err := export.Members(ctx, svc, c.filter, export.CSV, &buf)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			rows, err := csv.NewReader(&buf).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want || len(rows) != c.want+1 {
				t.Errorf("%s: wrote %d members in %d rows, want %d", c.name, got, len(rows)-1, c.want)
				continue
			}
			last := int64(0)
			for _, r := range rows[1:] {
				id, _ := strconv.ParseInt(r[0], 10, 64)
				if id <= last {
					t.Fatalf("%s: id %d after %d: not in id order, or twice", c.name, id, last)
				}
				last = id
			}
		}
		if _, err := export.Members(ctx, svc, members.Filter{Country: []string{"XX"}}, export.CSV, &bytes.Buffer{}); err == nil {
			t.Error("a bad filter exported")
		}
	})
}
