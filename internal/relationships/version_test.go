package relationships_test

import (
	"errors"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// stale fails unless err refuses a stale edit, and returns what changed.
func stale(t *testing.T, err error) []apperr.Change {
	t.Helper()
	checkErr(t, err, apperr.Conflict, "")
	var e *apperr.Error
	if !errors.As(err, &e) || e.Stale == nil {
		t.Fatalf("conflict %v carries no Stale", err)
	}
	return e.Stale.Changes
}

// Every change to a follow-up (fields, completing, reopening, snoozing)
// moves its version on by one, keeps the one it replaced, and an edit made
// against an older version is refused, writing nothing.
func TestFollowUpVersions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, base, nil)
		ada := f.member("Ada")
		fu := f.followUp("Send slides", "2026-03-20", ada)
		if fu.Version != 1 {
			t.Fatalf("new follow-up at version %d", fu.Version)
		}
		steps := []func() (relationships.FollowUp, error){
			func() (relationships.FollowUp, error) {
				return f.svc.UpdateFollowUp(f.ctx, fu.ID, relationships.FollowUpInput{What: "Send the slides", DueOn: "2026-03-20", MemberID: ada})
			},
			func() (relationships.FollowUp, error) { return f.svc.SnoozeFollowUp(f.ctx, fu.ID, "2026-04-01") },
			func() (relationships.FollowUp, error) { return f.svc.CompleteFollowUp(f.ctx, fu.ID) },
			func() (relationships.FollowUp, error) { return f.svc.CompleteFollowUp(f.ctx, fu.ID) }, // no change
			func() (relationships.FollowUp, error) { return f.svc.ReopenFollowUp(f.ctx, fu.ID) },
		}
		want := []int64{2, 3, 4, 4, 5}
		for i, step := range steps {
			got, err := step()
			if err != nil || got.Version != want[i] {
				t.Fatalf("step %d: version %d, err %v; want %d", i, got.Version, err, want[i])
			}
		}
		changes := stale(t, errOnly(f.svc.EditFollowUp(f.ctx, fu.ID, 3, func(relationships.FollowUp) (relationships.FollowUpChange, error) {
			return relationships.FollowUpChange{Status: relationships.Done}, nil
		})))
		if len(changes) != 0 {
			// Version 3 to 5: completed, then reopened, reads as no change.
			t.Errorf("changes since 3: %+v, want none", changes)
		}
		changes = stale(t, errOnly(f.svc.EditFollowUp(f.ctx, fu.ID, 1, func(relationships.FollowUp) (relationships.FollowUpChange, error) {
			return relationships.FollowUpChange{Status: relationships.Done}, nil
		})))
		wantChanges := []apperr.Change{{Field: "what", Old: "Send slides", New: "Send the slides"},
			{Field: "due_on", Old: "2026-03-20", New: "2026-04-01"}, {Field: "snooze_count", Old: "0", New: "1"}}
		if len(changes) != len(wantChanges) {
			t.Fatalf("changes since 1: %+v, want %+v", changes, wantChanges)
		}
		for i := range changes {
			if changes[i] != wantChanges[i] {
				t.Errorf("change %d: %+v, want %+v", i, changes[i], wantChanges[i])
			}
		}
		if got, _ := f.svc.GetFollowUp(f.ctx, fu.ID); got.Status != relationships.Open || got.Version != 5 {
			t.Errorf("the stale edit wrote: %+v", got)
		}
		// Everything an edit asks for happens together, or not at all.
		_, err := f.svc.EditFollowUp(f.ctx, fu.ID, 5, func(relationships.FollowUp) (relationships.FollowUpChange, error) {
			return relationships.FollowUpChange{Fields: &relationships.FollowUpInput{What: "Send it all", DueOn: "2026-03-21", MemberID: ada},
				SnoozeUntil: "2026-01-01"}, nil
		})
		checkErr(t, err, apperr.Invalid, "until")
		if got, _ := f.svc.GetFollowUp(f.ctx, fu.ID); got.What != "Send the slides" || got.Version != 5 {
			t.Errorf("a refused edit wrote half: %+v", got)
		}
	})
}

// Interactions and key members: an update or removal made against an older
// version is refused with what changed, and writes nothing.
func TestInteractionAndKeyMemberVersions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, base, nil)
		ada := f.member("Ada")
		it := f.log("2026-03-02", ada)
		in := relationships.InteractionInput{OccurredOn: "2026-03-02", Channel: relationships.Call, Summary: "Catch-up", MemberIDs: []int64{ada}}
		same, err := f.svc.UpdateInteractionAt(f.ctx, it.ID, 1, in)
		if err != nil || same.Version != 1 {
			t.Fatalf("unchanged save: version %d, err %v; want 1 (nothing written)", same.Version, err)
		}
		in.Outcome = "Agreed"
		if _, err := f.svc.UpdateInteractionAt(f.ctx, it.ID, 1, in); err != nil {
			t.Fatal(err)
		}
		in.Outcome = "Declined"
		changes := stale(t, errOnly(f.svc.UpdateInteractionAt(f.ctx, it.ID, 1, in)))
		if len(changes) != 1 || changes[0] != (apperr.Change{Field: "outcome", Old: "", New: "Agreed"}) {
			t.Errorf("changes %+v", changes)
		}
		stale(t, f.svc.DeleteInteractionAt(f.ctx, it.ID, 1))
		if got, err := f.svc.GetInteraction(f.ctx, it.ID); err != nil || got.Outcome != "Agreed" {
			t.Errorf("a stale edit or delete wrote: %+v, %v", got, err)
		}

		if _, err := f.svc.SetKeyMember(f.ctx, ada, relationships.Monthly, nil, "Board"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SetKeyMemberAt(f.ctx, ada, 1, relationships.Quarterly, nil, "Board"); err != nil {
			t.Fatal(err)
		}
		changes = stale(t, f.svc.RemoveKeyMemberAt(f.ctx, ada, 1))
		if len(changes) != 1 || changes[0].Field != "cadence_days" {
			t.Errorf("changes %+v, want the cadence", changes)
		}
		if err := f.svc.RemoveKeyMemberAt(f.ctx, ada, 2); err != nil {
			t.Fatal(err)
		}
		// Saving a form opened before the removal does not silently make
		// them key again.
		stale(t, errOnly(f.svc.SetKeyMemberAt(f.ctx, ada, 2, relationships.Monthly, nil, "")))
		if _, err := f.svc.GetKeyMember(f.ctx, ada); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("a stale save made them key again: %v", err)
		}
	})
}

func errOnly[T any](_ T, err error) error { return err }
