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
	// HostedSessions lists the sessions held in [from, to) and whether a
	// member hosted each, for the member-led share; programming provides
	// it. Nil counts no sessions.
	HostedSessions func(ctx context.Context, from, to time.Time) ([]HostedSession, error)
	// ActivitiesAdded runs after new activities have committed (a batch
	// that created at least one, a logged activity) with the ids of the
	// members they belong to, ascending and distinct. It is the seam for
	// re-deriving just those members' mode, stage and engagement: a batch
	// of 1,000 activities touches at most 1,000 members, whatever the
	// community's size. The ids are every member the batch named, a few
	// more than need it when some of its items already existed, never
	// fewer. nil does nothing. Its error is returned to the caller, but
	// the activities stay (sending the batch again creates nothing and
	// runs it again).
	ActivitiesAdded func(ctx context.Context, memberIDs []int64) error
	// SkipRollUp leaves the roll-up alone after an ingest, for a loader
	// that rebuilds the whole roll-up (RollUpAll) once it is done, as the
	// demo does: rolling up each of its batches was a quarter of its load
	// and thrown away at the end.
	SkipRollUp bool
	// RollUpQueued runs inside a transaction that marked members for a
	// roll-up (MarkForRollUp). It is the seam for queueing the job that
	// runs RollUpPending once the transaction commits; nil leaves them to
	// the next call of RollUpPending. Its error rolls the change back.
	RollUpQueued func(ctx context.Context, tx *store.Tx) error
	// RebuildActivities is about how many activities each short
	// transaction of a rebuild (RollUpAll) reads, whole members at a
	// time; 0 is 100,000. Tests make it small.
	RebuildActivities int64
	// RebuildStep, when set, runs between the transactions of a rebuild,
	// outside any, with the member ids done and the last one: the seam for
	// showing progress (and for tests that change things mid-rebuild).
	RebuildStep func(ctx context.Context, done, last int64)
}

// afterActivities brings the standing of the members given new activities
// up to date (see rederiveTouched) and their months in the figures over
// time (RollUp), then runs the ActivitiesAdded seam. A batch touching more
// than RederiveNowMax members, or a roll-up that fails, is left to the
// background pass that RulesChanged queues, which rolls everything up.
func (s *Service) afterActivities(ctx context.Context, memberIDs []int64) error {
	if len(memberIDs) == 0 {
		return nil
	}
	s.rederiveTouched(ctx, memberIDs)
	if len(memberIDs) <= RederiveNowMax && !s.SkipRollUp {
		if err := s.RollUp(ctx, memberIDs); err != nil && s.RulesChanged != nil {
			if err := s.RulesChanged(context.WithoutCancel(ctx)); err != nil {
				return err
			}
		}
	}
	if s.ActivitiesAdded == nil {
		return nil
	}
	return s.ActivitiesAdded(ctx, memberIDs)
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

// HostedSession is one session held (an occurrence of a programme's
// session, not cancelled) and whether a member rather than staff hosted
// it.
type HostedSession struct {
	Start        time.Time
	MemberHosted bool
}
