package audit_test

import (
	"context"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestRecordAndList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := audit.WithActor(context.Background(), audit.Actor{Name: "cli"})
		at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		for i, c := range []audit.Change{
			{Entity: "member", EntityID: 7, Action: "create", Summary: "Added Ada"},
			{Entity: "member", EntityID: 7, Action: "update", Summary: "Changed affiliation"},
			{Entity: "interaction", EntityID: 3, Action: "create", Summary: "Logged a call"},
		} {
			err := db.InTx(ctx, func(tx *store.Tx) error {
				return audit.Record(ctx, tx, at.Add(time.Duration(i)*time.Minute), c)
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		// A change that rolls back leaves no record.
		_ = db.InTx(ctx, func(tx *store.Tx) error {
			if err := audit.Record(ctx, tx, at, audit.Change{Entity: "member", Action: "delete"}); err != nil {
				return err
			}
			return context.Canceled
		})

		tests := []struct {
			name    string
			filter  audit.Filter
			actions []string
		}{
			{"all newest first", audit.Filter{}, []string{"create", "update", "create"}},
			{"one member", audit.Filter{Entity: "member", EntityID: 7}, []string{"update", "create"}},
			{"limit", audit.Filter{Limit: 1}, []string{"create"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := audit.List(ctx, db, tt.filter)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(tt.actions) {
					t.Fatalf("got %d entries, want %d", len(got), len(tt.actions))
				}
				for i, e := range got {
					if e.Action != tt.actions[i] || e.Actor != "cli" {
						t.Errorf("entry %d = %s by %s, want %s by cli", i, e.Action, e.Actor, tt.actions[i])
					}
				}
			})
		}
	})
}
