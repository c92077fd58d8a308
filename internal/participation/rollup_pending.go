package participation

import (
	"context"
	"slices"
	"strings"

	"github.com/trellis-community/trellis/internal/store"
)

// Changes made inside another capability's transaction (a merge and its
// undo, a deletion or erasure, an edit of the fields the figures group
// by, recorded attendance, an import) cannot roll the figures up there: a
// month's figures are remade from all its members, which is too slow to do
// inside every edit at 100,000 members. They mark the members instead, in
// the same transaction, and RollUpPending (the participation.rollup job)
// rolls them up after.

// MarkForRollUp records, inside tx, that the members ids need rolling up
// (see RollUpPending), and runs the RollUpQueued seam so it happens soon.
// Members with no activities and no months in the figures are skipped: a
// change to them changes no figure. Who may call it: any capability's
// write, inside its transaction; its error should roll the change back.
func (s *Service) MarkForRollUp(ctx context.Context, tx *store.Tx, ids []int64) error {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) == 0 {
		return nil
	}
	st, err := readRollUpState(ctx, tx)
	if err != nil {
		return err
	}
	marked := false
	for chunk := range slices.Chunk(ids, memberChunk) {
		in := placeholders(len(chunk))
		args := append([]any{st.live, st.building}, toAny(chunk)...)
		args = append(args, toAny(chunk)...)
		rows, err := tx.Query(ctx, "SELECT DISTINCT member_id FROM participation_member_months WHERE generation IN (?, ?) AND member_id IN ("+in+
			") UNION SELECT DISTINCT member_id FROM activities WHERE member_id IN ("+in+")", args...)
		if err != nil {
			return err
		}
		var some []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			some = append(some, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(some) == 0 {
			continue
		}
		if _, err := tx.Exec(ctx, "INSERT INTO participation_rollup_pending (member_id) VALUES "+
			strings.TrimSuffix(strings.Repeat("(?), ", len(some)), ", ")+
			" ON CONFLICT (member_id) DO UPDATE SET marks = participation_rollup_pending.marks + 1", toAny(some)...); err != nil {
			return err
		}
		marked = true
	}
	if !marked || s.RollUpQueued == nil {
		return nil
	}
	return s.RollUpQueued(ctx, tx)
}

// RollUpPending rolls up every member marked by MarkForRollUp, a few
// hundred a transaction, and takes them off the list. A member marked
// again while it runs stays on it for the next pass.
func (s *Service) RollUpPending(ctx context.Context) (int, error) {
	done := 0
	for {
		n, err := s.rollUpSomePending(ctx)
		done += n
		if err != nil || n == 0 {
			return done, store.Wrap(err, "Could not update the participation figures.")
		}
	}
}

func (s *Service) rollUpSomePending(ctx context.Context) (int, error) {
	var n int
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := lockRollUp(ctx, tx); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, "SELECT member_id, marks FROM participation_rollup_pending ORDER BY member_id LIMIT ?", memberChunk)
		if err != nil {
			return err
		}
		var ids []int64
		var pairs []any
		for rows.Next() {
			var id, marks int64
			if err := rows.Scan(&id, &marks); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
			pairs = append(pairs, id, marks)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(ids) == 0 {
			return err
		}
		n = len(ids)
		if err := s.rollUpTx(ctx, tx, ids); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "DELETE FROM participation_rollup_pending WHERE member_id IN ("+placeholders(len(ids))+") AND (member_id, marks) IN (VALUES "+
			strings.TrimSuffix(strings.Repeat("(CAST(? AS BIGINT), CAST(? AS BIGINT)), ", len(ids)), ", ")+")", append(toAny(ids), pairs...)...)
		return err
	})
	return n, err
}
