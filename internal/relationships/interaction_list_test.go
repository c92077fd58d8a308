package relationships_test

import (
	"cmp"
	"encoding/base64"
	"fmt"
	"slices"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestListInteractionsPaginates(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, base, nil)
		ada, grace := f.member("Ada"), f.member("Grace")
		sam := f.user("Sam")
		// 23 interactions over 9 days, several on each day and logged out
		// of date order, so ties on the date must be broken by id.
		type row struct {
			id    int64
			date  string
			email bool // with Grace and Sam, by email
		}
		var all []row
		for i := range 23 {
			date := fmt.Sprintf("2026-03-%02d", 1+(i*5)%9)
			in := relationships.InteractionInput{OccurredOn: date, Channel: relationships.Call,
				Summary: fmt.Sprintf("call %d", i), MemberIDs: []int64{ada}}
			if i%3 == 0 {
				in.MemberIDs = append(in.MemberIDs, grace)
				in.UserIDs = []int64{sam}
				in.Channel = relationships.Email
			}
			it, err := f.svc.LogInteraction(f.ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, row{it.ID, date, i%3 == 0})
		}
		// Newest first: by date, then by id.
		slices.SortFunc(all, func(a, b row) int {
			return cmp.Or(cmp.Compare(b.date, a.date), cmp.Compare(b.id, a.id))
		})

		tests := []struct {
			name   string
			filter relationships.InteractionFilter
			want   func(r row) bool
		}{
			{"everything", relationships.InteractionFilter{}, nil},
			{"one member", relationships.InteractionFilter{MemberID: grace}, func(r row) bool { return r.email }},
			{"one user", relationships.InteractionFilter{UserID: sam}, func(r row) bool { return r.email }},
			{"one channel", relationships.InteractionFilter{Channel: relationships.Call}, func(r row) bool { return !r.email }},
			{"date range", relationships.InteractionFilter{From: "2026-03-03", To: "2026-03-05"},
				func(r row) bool { return r.date >= "2026-03-03" && r.date <= "2026-03-05" }},
			{"member and range", relationships.InteractionFilter{MemberID: grace, From: "2026-03-04"},
				func(r row) bool { return r.email && r.date >= "2026-03-04" }},
		}
		for _, tt := range tests {
			for _, limit := range []int{1, 4, 7, 23, 500} {
				t.Run(fmt.Sprintf("%s by %d", tt.name, limit), func(t *testing.T) {
					var want []int64
					for _, r := range all {
						if tt.want == nil || tt.want(r) {
							want = append(want, r.id)
						}
					}
					var got []int64
					filter := tt.filter
					filter.Limit = limit
					for page := 0; ; page++ {
						if page > 30 {
							t.Fatal("pagination does not end")
						}
						list, next, err := f.svc.ListInteractions(f.ctx, filter)
						if err != nil {
							t.Fatal(err)
						}
						if len(list) > limit {
							t.Fatalf("page of %d, limit %d", len(list), limit)
						}
						for _, it := range list {
							got = append(got, it.ID)
							if len(it.Members) == 0 || (it.Channel == relationships.Email && len(it.Users) != 1) {
								t.Errorf("interaction %d listed without its participants: %+v", it.ID, it)
							}
						}
						if next == "" {
							break
						}
						filter.Cursor = next
					}
					if !slices.Equal(got, want) {
						t.Errorf("got %v\nwant %v", got, want)
					}
				})
			}
		}
	})
}

func TestListInteractionsRejects(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, base, nil)
		ada := f.member("Ada")
		f.followUp("Write", "2026-03-20", ada)
		f.followUp("Call", "2026-03-21", ada)
		_, followUpCursor, err := f.svc.ListFollowUps(f.ctx, relationships.FollowUpFilter{Limit: 1})
		if err != nil || followUpCursor == "" {
			t.Fatalf("follow-up cursor %q, %v", followUpCursor, err)
		}
		enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
		tests := []struct {
			name   string
			filter relationships.InteractionFilter
			field  string
		}{
			{"garbled cursor", relationships.InteractionFilter{Cursor: "%%%"}, "cursor"},
			{"cursor without id", relationships.InteractionFilter{Cursor: enc("i|2026-03-01|")}, "cursor"},
			{"cursor with bad date", relationships.InteractionFilter{Cursor: enc("i|2026-13-01|4")}, "cursor"},
			{"cursor from follow-ups", relationships.InteractionFilter{Cursor: followUpCursor}, "cursor"},
			{"bad channel", relationships.InteractionFilter{Channel: "fax"}, "channel"},
			{"bad from", relationships.InteractionFilter{From: "March"}, "from"},
			{"bad to", relationships.InteractionFilter{To: "2026-3-1"}, "to"},
			{"to before from", relationships.InteractionFilter{From: "2026-03-05", To: "2026-03-01"}, "to"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, _, err := f.svc.ListInteractions(f.ctx, tt.filter)
				checkErr(t, err, apperr.Invalid, tt.field)
			})
		}
	})
}
