package relationships

import (
	"context"
	"fmt"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
)

// MergeMembers is the relationships part of merging two member records
// that turned out to be one person (a hook for members.Service.MergeHooks).
// It runs inside the caller's transaction, before dropID is deleted, and
// moves from dropID to keepID:
//   - interaction participation, once per interaction when both took part;
//   - follow-ups;
//   - the key-member record: when both were key, keepID's cadence, note and
//     Since stay and the stakeholder groups are united; when only dropID
//     was key, its record moves over whole.
//
// It writes an audit entry when a key-member record changes; the caller
// records the merge itself. keepID == dropID is Invalid.
func (s *Service) MergeMembers(ctx context.Context, tx *store.Tx, keepID, dropID int64) error {
	if keepID == dropID {
		return apperr.New(apperr.Invalid, "A member cannot be merged into themselves.")
	}
	// CAST tells PostgreSQL the type of a parameter in a SELECT list, which
	// it would otherwise take for text.
	steps := []struct {
		query string
		args  []any
	}{
		{`INSERT INTO interaction_members (interaction_id, member_id, occurred_on)
			SELECT d.interaction_id, CAST(? AS BIGINT), d.occurred_on FROM interaction_members d
			WHERE d.member_id = ? AND NOT EXISTS (SELECT 1 FROM interaction_members k
				WHERE k.interaction_id = d.interaction_id AND k.member_id = ?)`, []any{keepID, dropID, keepID}},
		{"DELETE FROM interaction_members WHERE member_id = ?", []any{dropID}},
		{"UPDATE followups SET member_id = ? WHERE member_id = ?", []any{keepID, dropID}},
	}
	for _, st := range steps {
		if _, err := tx.Exec(ctx, st.query, st.args...); err != nil {
			return fmt.Errorf("merge relationships of member %d into %d: %w", dropID, keepID, err)
		}
	}
	if err := s.mergeKeyMember(ctx, tx, keepID, dropID); err != nil {
		return fmt.Errorf("merge key-member record of member %d into %d: %w", dropID, keepID, err)
	}
	// keepID's last contact may now be one of dropID's, or its record
	// dropID's cadence.
	return refreshNextDue(ctx, tx, []int64{keepID})
}

// mergeKeyMember moves or folds dropID's key-member record into keepID's.
// key_member_groups points at key_members, so a record moves by copying
// and deleting rather than by changing its key.
func (s *Service) mergeKeyMember(ctx context.Context, tx *store.Tx, keepID, dropID int64) error {
	var dropKey, keepKey int
	if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM key_members WHERE member_id = ?", dropID).Scan(&dropKey); err != nil {
		return err
	}
	if dropKey == 0 {
		return nil
	}
	if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM key_members WHERE member_id = ?", keepID).Scan(&keepKey); err != nil {
		return err
	}
	summary := fmt.Sprintf("Merged the key-member record of member %d into this one, uniting their stakeholder groups", dropID)
	if keepKey == 0 {
		summary = fmt.Sprintf("Moved the key-member record of member %d to this one", dropID)
		if _, err := tx.Exec(ctx, `INSERT INTO key_members (member_id, cadence_days, note, since_at)
			SELECT CAST(? AS BIGINT), cadence_days, note, since_at FROM key_members WHERE member_id = ?`, keepID, dropID); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO key_member_groups (member_id, group_id)
		SELECT CAST(? AS BIGINT), d.group_id FROM key_member_groups d WHERE d.member_id = ? AND NOT EXISTS
			(SELECT 1 FROM key_member_groups k WHERE k.member_id = ? AND k.group_id = d.group_id)`,
		keepID, dropID, keepID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "DELETE FROM key_members WHERE member_id = ?", dropID); err != nil {
		return err
	}
	return s.record(ctx, tx, "key_member", keepID, "merge", summary)
}

// MemberTables are this capability's tables with rows belonging to
// members, parents first, for members.Service.MergeTables: a merge records
// them and its undo puts them back. Members may gain interactions and
// follow-ups after a merge without blocking its undo.
var MemberTables = []members.MemberTable{
	{Name: "key_members", MemberColumns: []string{"member_id"}, Key: []string{"member_id"}, Derived: []string{"next_due_on"}},
	{Name: "key_member_versions", MemberColumns: []string{"member_id"}, Key: []string{"member_id", "version"}},
	{Name: "key_member_groups", MemberColumns: []string{"member_id"}, Key: []string{"member_id", "group_id"}},
	{Name: "interaction_members", MemberColumns: []string{"member_id"}, Key: []string{"interaction_id", "member_id"}, Grows: true},
	{Name: "followups", MemberColumns: []string{"member_id"}, Key: []string{"id"}, Grows: true},
}
