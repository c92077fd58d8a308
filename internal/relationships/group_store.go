package relationships

import (
	"context"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// groupsByID loads the named groups in their display order. Any id that is
// not a group is Invalid on the field "groups".
func groupsByID(ctx context.Context, q store.Querier, ids []int64) ([]Group, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := q.Query(ctx, "SELECT id, name, builtin FROM stakeholder_groups WHERE id IN ("+
		store.Placeholders(len(ids))+") ORDER BY position, id", store.Args(ids)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Group
	found := map[int64]bool{}
	for rows.Next() {
		var g Group
		if err := rows.Scan(&g.ID, &g.Name, &g.Builtin); err != nil {
			return nil, err
		}
		found[g.ID] = true
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, id := range ids {
		if !found[id] {
			var fe apperr.FieldErrors
			fe.Add("groups", "stakeholder group %d does not exist", id)
			return nil, fe.Err()
		}
	}
	return out, nil
}

// keyMemberGroups loads the groups of the given key members in one query,
// or of every key member when memberIDs is nil.
func keyMemberGroups(ctx context.Context, q store.Querier, memberIDs []int64) (map[int64][]Group, error) {
	query := `SELECT kg.member_id, g.id, g.name, g.builtin FROM key_member_groups kg
		JOIN stakeholder_groups g ON g.id = kg.group_id`
	var args []any
	if memberIDs != nil {
		if len(memberIDs) == 0 {
			return map[int64][]Group{}, nil
		}
		query += " WHERE kg.member_id IN (" + store.Placeholders(len(memberIDs)) + ")"
		args = store.Args(memberIDs)
	}
	rows, err := q.Query(ctx, query+" ORDER BY g.position, g.id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]Group{}
	for rows.Next() {
		var memberID int64
		var g Group
		if err := rows.Scan(&memberID, &g.ID, &g.Name, &g.Builtin); err != nil {
			return nil, err
		}
		out[memberID] = append(out[memberID], g)
	}
	return out, rows.Err()
}
