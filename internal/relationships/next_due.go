package relationships

import (
	"context"
	"fmt"

	"github.com/trellis-community/trellis/internal/store"
)

// key_members.next_due_on is when a key member's next contact falls due
// once they have been contacted: their last contact plus their cadence,
// YYYY-MM-DD; NULL for one never contacted (that day depends on the
// community's time zone, so it is worked out when read). The dashboard
// reads only the key members due or overdue through its index
// (migration 0037). Whatever changes a key member's last contact or
// cadence calls refreshNextDue in the same transaction: logging, editing
// and deleting interactions, making someone key or changing their
// cadence, a merge and its undo. A bulk load calls RefreshNextDue once at
// its end. Nothing fires per row.

// nextDueSQL is the next_due_on of the key_members row being updated,
// from the interaction_members index (one seek for the latest date).
func nextDueSQL(d store.Dialect) string {
	last := "(SELECT MAX(im.occurred_on) FROM interaction_members im WHERE im.member_id = key_members.member_id)"
	if d == store.Postgres {
		return "to_char(CAST(" + last + " AS date) + key_members.cadence_days, 'YYYY-MM-DD')"
	}
	return "date(" + last + ", '+' || key_members.cadence_days || ' days')"
}

// refreshNextDue works next_due_on out again for those of ids who are key
// members, in one statement however many there are.
func refreshNextDue(ctx context.Context, tx *store.Tx, ids []int64) error {
	ids = uniqueIDs(ids)
	if len(ids) == 0 {
		return nil
	}
	cond, arg := store.AnyOfCond(tx.Dialect, "member_id", ids)
	if _, err := tx.Exec(ctx, "UPDATE key_members SET next_due_on = "+nextDueSQL(tx.Dialect)+" WHERE "+cond, arg); err != nil {
		return fmt.Errorf("refresh next contact due: %w", err)
	}
	return nil
}

// RefreshNextDue works out again when every key member's next contact
// falls due, in one set-based statement: a bulk load (WriteBulk) calls it
// once at its end, after the interaction_members index is back (with the
// index, 1,000 key members cost a few milliseconds; without it, a scan
// each).
func RefreshNextDue(ctx context.Context, tx *store.Tx) error {
	if _, err := tx.Exec(ctx, "UPDATE key_members SET next_due_on = "+nextDueSQL(tx.Dialect)); err != nil {
		return fmt.Errorf("refresh next contact due: %w", err)
	}
	return nil
}

// UnmergeMembers is the relationships part of undoing a merge (a hook for
// members.Service.UnmergeHooks): the undo put back both members'
// key-member records as they were at the merge, without next_due_on
// (members.MemberTable.Derived), and their interactions as they are now,
// so when each falls due is worked out again.
func (s *Service) UnmergeMembers(ctx context.Context, tx *store.Tx, keepID, dropID int64) error {
	return refreshNextDue(ctx, tx, []int64{keepID, dropID})
}

// participantIDs are the member ids of ps.
func participantIDs(ps []Participant) []int64 {
	out := make([]int64, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}
