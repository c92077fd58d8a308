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
	t.Parallel()
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

// TestRecordNames: an entry keeps the name its record had when it was
// written; a record that is gone, or a kind with no name, gets none unless
// the caller gives it; Deleted finds the ids whose deletion was logged.
func TestRecordNames(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := audit.WithActor(context.Background(), audit.Actor{Name: "cli"})
		at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		var segID int64
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			return tx.QueryRow(ctx, `INSERT INTO segments (name, query, created_at) VALUES (?, ?, ?) RETURNING id`,
				"Early career", "career_stage=early", at.Unix()).Scan(&segID)
		}); err != nil {
			t.Fatal(err)
		}
		record := func(c audit.Change) {
			t.Helper()
			if err := db.InTx(ctx, func(tx *store.Tx) error { return audit.Record(ctx, tx, at, c) }); err != nil {
				t.Fatal(err)
			}
		}
		record(audit.Change{Entity: "segment", EntityID: segID, Action: "create"})
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, "UPDATE segments SET name = ? WHERE id = ?", "Students", segID)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		record(audit.Change{Entity: "segment", EntityID: segID, Action: "update"})
		record(audit.Change{Entity: "member", EntityID: 999999, Action: "update"})
		record(audit.Change{Entity: "member", EntityID: 999998, EntityName: "Bob Babbage", Action: "delete"})
		got, err := audit.List(ctx, db, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"Bob Babbage", "", "Students", "Early career"}
		for i, e := range got {
			if e.EntityName != want[i] {
				t.Errorf("entry %d (%s %s): name %q, want %q", i, e.Action, e.Entity, e.EntityName, want[i])
			}
		}
		gone, err := audit.Deleted(ctx, db, "member", []int64{999999, 999998})
		if err != nil || len(gone) != 1 || !gone[999998] {
			t.Errorf("Deleted = %v, %v; want only 999998", gone, err)
		}
	})
}
