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
	// Location is the community's time zone, in which the figures over
	// time count months (nil: UTC).
	Location *time.Location
	// HostedSessions lists the sessions held in [from, to) and whether a
	// member hosted each, for the member-led share; programming provides
	// it. Nil counts no sessions.
	HostedSessions func(ctx context.Context, from, to time.Time) ([]HostedSession, error)
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
	_, err := tx.Exec(ctx, "UPDATE activities SET member_id = ? WHERE member_id = ?", keepID, dropID)
	return err
}

// HostedSession is one session held (an occurrence of a programme's
// session, not cancelled) and whether a member rather than staff hosted
// it.
type HostedSession struct {
	Start        time.Time
	MemberHosted bool
}
