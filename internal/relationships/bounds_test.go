package relationships_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func idsFrom(first int64, n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = first + int64(i)
	}
	return out
}

// Lists a request carries are bounded before they reach a query: 40,000
// group ids on a key member once overflowed the database's parameters
// and answered 500.
func TestRequestListsAreBounded(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, base, nil)
		ada := f.member("Ada")
		tests := []struct {
			name  string
			run   func() error
			field string
		}{
			{"40,000 groups on a key member", func() error {
				_, err := f.svc.SetKeyMember(f.ctx, ada, relationships.Monthly, idsFrom(1, 40_000), "")
				return err
			}, "groups"},
			{"one group too many", func() error {
				_, err := f.svc.SetKeyMember(f.ctx, ada, relationships.Monthly, idsFrom(1, relationships.MaxKeyMemberGroups+1), "")
				return err
			}, "groups"},
			{"70,000 members in an interaction", func() error {
				_, err := f.svc.LogInteraction(f.ctx, relationships.InteractionInput{OccurredOn: "2026-03-09",
					Channel: relationships.Event, Summary: "Conference", MemberIDs: idsFrom(ada, 70_000)})
				return err
			}, "members"},
			{"40,000 team members in an interaction", func() error {
				_, err := f.svc.LogInteraction(f.ctx, relationships.InteractionInput{OccurredOn: "2026-03-09",
					Channel: relationships.Event, Summary: "Conference", MemberIDs: []int64{ada}, UserIDs: idsFrom(1, 40_000)})
				return err
			}, "users"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := tt.run()
				checkErr(t, err, apperr.Invalid, tt.field)
				var ae *apperr.Error
				errors.As(err, &ae)
				if !strings.Contains(ae.Fields[tt.field], "at most") {
					t.Fatalf("%s: %q, want the bound", tt.field, ae.Fields[tt.field])
				}
			})
		}
	})
}
