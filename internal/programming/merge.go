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
	{Name: "session_attendance", MemberColumns: []string{"member_id"}, Key: []string{"session_id", "occurrence_start", "member_id"}, Grows: true},
}

// MergeMembers is programming's part of merging two member records (a
// members.MergeHook): dropID's hosting moves to keepID, once per
// programme and role when both hosted; their attendance moves too, one
// entry per occurrence when both were listed, keeping what either had
// (came, spoke, registered first, a note).
//
// The activities their attendance stands for follow in the same step:
// dropID's are removed (their external ids name dropID) and keepID's
// written as the merged entries stand, so when both came to one date one
// activity remains, under keepID's id, and participation's own merge hook
// (which moves every other activity) finds no clash whichever runs first.
func (s *Service) MergeMembers(ctx context.Context, tx *store.Tx, keepID, dropID int64) error {
	sc := membersScope(keepID, dropID)
	before, err := s.beforeChange(ctx, tx, sc)
	if err != nil {
		return fmt.Errorf("merge attendance of member %d into %d: %w", dropID, keepID, err)
	}
	for _, st := range []struct {
		q    string
		args []any
	}{
		{`DELETE FROM programme_hosts WHERE member_id = ? AND EXISTS (SELECT 1 FROM programme_hosts k
			WHERE k.member_id = ? AND k.programme_id = programme_hosts.programme_id AND k.role = programme_hosts.role)`,
			[]any{dropID, keepID}},
		{"UPDATE programme_hosts SET member_id = ? WHERE member_id = ?", []any{keepID, dropID}},
		{`UPDATE session_attendance SET attended = 'yes' WHERE member_id = ? AND attended <> 'yes' AND EXISTS (` + dropped("1") + ` AND d.attended = 'yes')`,
			[]any{keepID, dropID}},
		{`UPDATE session_attendance SET attended = 'no' WHERE member_id = ? AND attended = 'unknown' AND EXISTS (` + dropped("1") + ` AND d.attended = 'no')`,
			[]any{keepID, dropID}},
		{`UPDATE session_attendance SET role = (` + dropped("d.role") + `) WHERE member_id = ? AND role = 'attendee' AND EXISTS (` + dropped("1") + ` AND d.role <> 'attendee')`,
			[]any{dropID, keepID, dropID}},
		{`UPDATE session_attendance SET registered_at = (` + dropped("d.registered_at") + `) WHERE member_id = ? AND EXISTS (` + dropped("1") + ` AND d.registered_at < session_attendance.registered_at)`,
			[]any{dropID, keepID, dropID}},
		{`UPDATE session_attendance SET note = (` + dropped("d.note") + `) WHERE member_id = ? AND note = '' AND EXISTS (` + dropped("1") + ` AND d.note <> '')`,
			[]any{dropID, keepID, dropID}},
		{`DELETE FROM session_attendance WHERE member_id = ? AND EXISTS (SELECT 1 FROM session_attendance k
			WHERE k.member_id = ? AND k.session_id = session_attendance.session_id AND k.occurrence_start = session_attendance.occurrence_start)`,
			[]any{dropID, keepID}},
		{"UPDATE session_attendance SET member_id = ? WHERE member_id = ?", []any{keepID, dropID}},
	} {
		if _, err := tx.Exec(ctx, st.q, st.args...); err != nil {
			return fmt.Errorf("merge hosting of member %d into %d: %w", dropID, keepID, err)
		}
	}
	if err := s.syncActivities(ctx, tx, sc, before); err != nil {
		return fmt.Errorf("merge attendance of member %d into %d: %w", dropID, keepID, err)
	}
	return nil
}

// dropped selects the dropped member's entry for the same occurrence as
// the kept member's row being updated; callers pick the column.
func dropped(column string) string {
	return "SELECT " + column + ` FROM session_attendance d WHERE d.member_id = ?
	AND d.session_id = session_attendance.session_id AND d.occurrence_start = session_attendance.occurrence_start`
}

// MergeHook must stay a members.MergeHook.
var _ members.MergeHook = (*Service)(nil).MergeMembers
