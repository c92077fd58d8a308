package programming

import (
	"context"
	"fmt"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
)

// MemberTables are programming's tables with rows belonging to members,
// for members.Service.MergeTables: a merge records them and its undo puts
// them back. A member may become a host after a merge without blocking
// its undo.
var MemberTables = []members.MemberTable{
	{Name: "programme_hosts", MemberColumns: []string{"member_id"}, Key: []string{"id"}, Grows: true},
}

// MergeMembers is programming's part of merging two member records (a
// members.MergeHook): dropID's hosting moves to keepID, once per
// programme and role when both hosted.
func (s *Service) MergeMembers(ctx context.Context, tx *store.Tx, keepID, dropID int64) error {
	for _, st := range []struct {
		q    string
		args []any
	}{
		{`DELETE FROM programme_hosts WHERE member_id = ? AND EXISTS (SELECT 1 FROM programme_hosts k
			WHERE k.member_id = ? AND k.programme_id = programme_hosts.programme_id AND k.role = programme_hosts.role)`,
			[]any{dropID, keepID}},
		{"UPDATE programme_hosts SET member_id = ? WHERE member_id = ?", []any{keepID, dropID}},
	} {
		if _, err := tx.Exec(ctx, st.q, st.args...); err != nil {
			return fmt.Errorf("merge hosting of member %d into %d: %w", dropID, keepID, err)
		}
	}
	return nil
}

// MergeHook must stay a members.MergeHook.
var _ members.MergeHook = (*Service)(nil).MergeMembers
