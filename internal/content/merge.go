package content

import (
	"context"
	"fmt"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
)

// MergeMembers is the content part of merging two member records that
// turned out to be one person (a hook for members.Service.MergeHooks): it
// runs inside the caller's transaction, before dropID is deleted, and
// makes keepID the author of everything dropID wrote, once per item.
func (s *Service) MergeMembers(ctx context.Context, tx *store.Tx, keepID, dropID int64) error {
	if _, err := tx.Exec(ctx, `INSERT INTO content_members (content_id, member_id, position)
		SELECT d.content_id, CAST(? AS BIGINT), d.position FROM content_members d
		WHERE d.member_id = ? AND NOT EXISTS (SELECT 1 FROM content_members k
			WHERE k.content_id = d.content_id AND k.member_id = ?)`, keepID, dropID, keepID); err != nil {
		return fmt.Errorf("merge content authorship of member %d into %d: %w", dropID, keepID, err)
	}
	if _, err := tx.Exec(ctx, "DELETE FROM content_members WHERE member_id = ?", dropID); err != nil {
		return fmt.Errorf("merge content authorship of member %d into %d: %w", dropID, keepID, err)
	}
	return nil
}

// MemberTables are this capability's tables with rows belonging to
// members, for members.Service.MergeTables: a merge records them and its
// undo puts them back. Members may become authors after a merge without
// blocking its undo.
var MemberTables = []members.MemberTable{
	{Name: "content_members", MemberColumns: []string{"member_id"}, Key: []string{"content_id", "member_id"}, Grows: true},
}
