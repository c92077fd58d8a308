package members

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestPadIDs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ n, want int }{{0, 0}, {1, 8}, {8, 8}, {9, 16}, {33, 50}, {50, 50}, {51, 100}, {201, 500}, {500, 500}} {
		ids := make([]any, tc.n)
		for i := range ids {
			ids[i] = int64(i + 1)
		}
		got := padIDs(ids)
		if len(got) != tc.want {
			t.Errorf("padIDs(%d ids) has %d, want %d", tc.n, len(got), tc.want)
			continue
		}
		if !slices.Equal(got[:tc.n], ids) {
			t.Errorf("padIDs(%d ids) changed the ids it was given", tc.n)
		}
		for _, v := range got[tc.n:] {
			if v != ids[tc.n-1] {
				t.Errorf("padIDs(%d ids) padded with %v, want the last id %v", tc.n, v, ids[tc.n-1])
			}
		}
	}
}

// TestAttachPaddedPages: pages of every length from 1 to 9 members (padded
// to one query shape, or across two) read each member's rows once, on
// both engines.
func TestAttachPaddedPages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := &Service{DB: db, Now: func() time.Time { return time.Unix(1_700_000_000, 0) }}
		var batch []Member
		for i := range 9 {
			batch = append(batch, Member{Name: fmt.Sprintf("Member %d", i),
				Emails: []Email{{Address: fmt.Sprintf("m%d@example.org", i)}, {Address: fmt.Sprintf("m%d@example.net", i)}},
				Tags:   []string{"mentor", fmt.Sprintf("t%d", i)}})
		}
		if _, err := svc.CreateBatch(ctx, batch); err != nil {
			t.Fatal(err)
		}
		for limit := 1; limit <= 9; limit++ {
			res, err := svc.List(ctx, Filter{}, Page{Limit: limit})
			if err != nil || len(res.Members) != limit {
				t.Fatalf("limit %d: %d members, %v", limit, len(res.Members), err)
			}
			for _, m := range res.Members {
				if len(m.Emails) != 2 || len(m.Tags) != 2 {
					t.Errorf("limit %d: %s has %d emails and tags %v, want 2 and 2", limit, m.Name, len(m.Emails), m.Tags)
				}
			}
		}
	})
}
