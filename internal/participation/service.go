package participation

import (
	"context"
	"time"

	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/clock"
	"github.com/trellis-community/trellis/internal/store"
)

// Service keeps activities and the kinds they are counted as. It is safe
// for concurrent use; every change runs in one transaction with its audit
// entry.
type Service struct {
	DB *store.DB
	// Now is the clock; nil means time.Now. Tests pass a fixed one.
	Now func() time.Time
	// RulesChanged runs after a change to what every member's standing is
	// derived with has committed: a kind's mode or weight, a kind added,
	// the settings (window, half-life). It is the seam for re-deriving
	// every member's mode, stage and engagement in a background job; nil
	// does nothing. Its error is returned to the caller, but the change
	// stays.
	RulesChanged func(ctx context.Context) error
	// Location is the community's time zone: a member's window and pathway
	// run on its calendar days (see standing.go). Nil is UTC.
	Location *time.Location
}

// now is the current time as the database keeps it (see clock.Now).
func (s *Service) now() time.Time { return clock.Now(s.Now) }

// actorUserID is the team user behind ctx, or nil for processes (the CLI,
// the demo loader), so created_by stays NULL rather than pointing nowhere.
func actorUserID(ctx context.Context) any {
	if id := audit.ActorFrom(ctx).UserID; id != 0 {
		return id
	}
	return nil
}

// MergeMembers moves every activity of member dropID to keepID, inside the
// merge's transaction (a members.MergeHook; app wires it, and registers
// the activities table so the merge's undo brings them back).
func (s *Service) MergeMembers(ctx context.Context, tx *store.Tx, keepID, dropID int64) error {
	if _, err := tx.Exec(ctx, "UPDATE activities SET member_id = ? WHERE member_id = ?", keepID, dropID); err != nil {
		return err
	}
	// The kept member's standing now counts both histories.
	if _, err := tx.Exec(ctx, "DELETE FROM member_standing WHERE member_id = ?", dropID); err != nil {
		return err
	}
	return s.rederiveTx(ctx, tx, []int64{keepID})
}
