package relationships_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestListFollowUps(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, base, nil) // today is 2026-03-10
		ada, grace := f.member("Ada"), f.member("Grace")
		sam := f.user("Sam")
		// Open ones, several sharing a due date; "x" ones get completed.
		specs := []struct {
			what, due string
			member    int64
			owner     int64
		}{
			{"a", "2026-03-12", ada, sam}, {"b", "2026-03-05", grace, 0}, {"c", "2026-03-10", ada, 0},
			{"d", "2026-03-05", ada, sam}, {"x1", "2026-03-01", grace, 0}, {"e", "2026-03-20", grace, sam},
			{"x2", "2026-03-02", ada, sam}, {"f", "2026-03-10", grace, 0}, {"x3", "2026-03-03", ada, 0},
		}
		ids := map[string]int64{}
		for _, s := range specs {
			fu, err := f.svc.CreateFollowUp(f.ctx, relationships.FollowUpInput{What: s.what, DueOn: s.due, MemberID: s.member, OwnerID: s.owner})
			if err != nil {
				t.Fatal(err)
			}
			ids[s.what] = fu.ID
		}
		// Completed in the order x2, x1, x3 an hour apart, x3 and x1 at the
		// same second, so done order falls back to id.
		for i, what := range []string{"x2", "x1", "x3"} {
			f.now = base.Add(time.Duration(min(i, 1)) * time.Hour)
			if _, err := f.svc.CompleteFollowUp(f.ctx, ids[what]); err != nil {
				t.Fatal(err)
			}
		}
		f.now = base

		tests := []struct {
			filter relationships.FollowUpFilter
			want   []string
		}{
			{relationships.FollowUpFilter{}, []string{"b", "d", "c", "f", "a", "e"}},
			{relationships.FollowUpFilter{Status: "open"}, []string{"b", "d", "c", "f", "a", "e"}},
			{relationships.FollowUpFilter{Status: "overdue"}, []string{"b", "d"}},
			{relationships.FollowUpFilter{Status: "due"}, []string{"b", "d", "c", "f"}},
			{relationships.FollowUpFilter{Status: "upcoming"}, []string{"a", "e"}},
			{relationships.FollowUpFilter{Status: "done"}, []string{"x3", "x1", "x2"}},
			{relationships.FollowUpFilter{Status: "all"}, []string{"b", "d", "c", "f", "a", "e", "x3", "x1", "x2"}},
			{relationships.FollowUpFilter{Status: "all", MemberID: ada}, []string{"d", "c", "a", "x3", "x2"}},
			{relationships.FollowUpFilter{Status: "all", OwnerID: sam}, []string{"d", "a", "e", "x2"}},
			{relationships.FollowUpFilter{Status: "due", OwnerID: sam, MemberID: ada}, []string{"d"}},
		}
		for _, tt := range tests {
			for _, limit := range []int{1, 2, 5, 6, 50} {
				t.Run(fmt.Sprintf("%+v by %d", tt.filter, limit), func(t *testing.T) {
					filter := tt.filter
					filter.Limit = limit
					var got []string
					for page := 0; ; page++ {
						if page > 20 {
							t.Fatal("pagination does not end")
						}
						list, next, err := f.svc.ListFollowUps(f.ctx, filter)
						if err != nil {
							t.Fatal(err)
						}
						if len(list) > limit {
							t.Fatalf("page of %d, limit %d", len(list), limit)
						}
						for _, fu := range list {
							got = append(got, fu.What)
						}
						if next == "" {
							break
						}
						filter.Cursor = next
					}
					if !slices.Equal(got, tt.want) {
						t.Errorf("got %v, want %v", got, tt.want)
					}
				})
			}
		}

		_, openCursor, err := f.svc.ListFollowUps(f.ctx, relationships.FollowUpFilter{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		_, doneCursor, err := f.svc.ListFollowUps(f.ctx, relationships.FollowUpFilter{Status: "done", Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		bad := []struct {
			name   string
			filter relationships.FollowUpFilter
			field  string
		}{
			{"unknown status", relationships.FollowUpFilter{Status: "snoozed"}, "status"},
			{"garbled cursor", relationships.FollowUpFilter{Cursor: "bm9wZQ"}, "cursor"},
			{"open cursor on the done list", relationships.FollowUpFilter{Status: "done", Cursor: openCursor}, "cursor"},
			{"done cursor on the open list", relationships.FollowUpFilter{Status: "open", Cursor: doneCursor}, "cursor"},
		}
		for _, tt := range bad {
			t.Run(tt.name, func(t *testing.T) {
				_, _, err := f.svc.ListFollowUps(f.ctx, tt.filter)
				checkErr(t, err, apperr.Invalid, tt.field)
			})
		}
	})
}
