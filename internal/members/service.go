package members

import (
	"context"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/clock"
	"github.com/trellis-community/trellis/internal/store"
)

// Service is the members capability. The web layer, the API, the CLI and
// imports all go through it; it is safe for concurrent use.
type Service struct {
	DB *store.DB
	// Now is the clock; nil means time.Now. Tests pass a fixed one.
	Now func() time.Time
	// MergeHooks run inside Merge's transaction, in order, after the kept
	// record is updated and before the dropped one is deleted.
	MergeHooks []MergeHook
	// UnmergeHooks run inside UndoMerge's transaction, with the kept and
	// the restored member's ids, after both records are back.
	UnmergeHooks []MergeHook
	// DistinctHooks run inside MarkDistinct's (distinct true) and
	// UnmarkDistinct's (false) transactions: imports settle or reopen
	// their review queue's pair through it.
	DistinctHooks []DistinctHook
	// MergeTables are the other capabilities' tables with rows belonging
	// to members, parents first: a merge records them so its undo can put
	// every row back (see MemberTable).
	MergeTables []MemberTable
	// Blocked, when set, refuses members that may not be stored again
	// (people erased at their request); Create and CreateBatch ask it
	// inside their transaction. See BlockCheck.
	Blocked BlockCheck
	// Changed runs inside every transaction that changes members'
	// records as other capabilities see them (an edit, a deletion, a
	// merge and its undo; imports call it through NoteChanged), with
	// their ids, before a deleted member's row goes. It is the seam for
	// keeping derived figures (participation's roll-up) in step; nil does
	// nothing. An error rolls the change back.
	Changed func(ctx context.Context, tx *store.Tx, ids []int64) error
}

// NoteChanged runs the Changed seam for ids inside tx: for writes that
// change members outside this package (imports and their undo).
func (s *Service) NoteChanged(ctx context.Context, tx *store.Tx, ids []int64) error {
	if s == nil || s.Changed == nil || len(ids) == 0 {
		return nil
	}
	return s.Changed(ctx, tx, ids)
}

// MergeHook lets another capability (relationships now; participation and
// programming later) move its own rows from the dropped member to the kept
// one inside the merge transaction. Rows it leaves behind on dropID are
// removed by ON DELETE CASCADE when the dropped member is deleted. An error
// rolls the whole merge back.
type MergeHook func(ctx context.Context, tx *store.Tx, keepID, dropID int64) error

// DistinctHook learns, inside the deciding transaction, that a and b were
// marked as different people (distinct) or that the mark was taken back.
type DistinctHook func(ctx context.Context, tx *store.Tx, a, b int64, distinct bool) error

// now returns the current time as the database keeps it (see clock.Now).
func (s *Service) now() time.Time { return clock.Now(s.Now) }

// notFound is the error for a member id that does not exist.
func notFound(id int64) error {
	return apperr.NotFoundf("There is no member with id %d.", id)
}

// entity is the audit log's name for a member.
const entity = "member"
