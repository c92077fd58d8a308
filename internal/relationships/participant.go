package relationships

import (
	"context"
	"fmt"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// checkParticipants makes sure every member and user exists, and returns
// the members' names in the order given (for audit summaries). A missing
// one is Invalid on "members" or "users": the form offered a person who has
// since gone, which the person filling it in must fix.
func checkParticipants(ctx context.Context, q store.Querier, memberIDs, userIDs []int64) ([]string, error) {
	var fe apperr.FieldErrors
	members, err := namesByID(ctx, q, "SELECT m.id, "+memberName+" FROM members m WHERE m.id IN ", memberIDs)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(memberIDs))
	for _, id := range memberIDs {
		n, ok := members[id]
		if !ok {
			fe.Add("members", "member %d does not exist", id)
		}
		names = append(names, n)
	}
	users, err := namesByID(ctx, q, "SELECT u.id, u.name FROM users u WHERE u.id IN ", userIDs)
	if err != nil {
		return nil, err
	}
	for _, id := range userIDs {
		if _, ok := users[id]; !ok {
			fe.Add("users", "team user %d does not exist", id)
		}
	}
	return names, fe.Err()
}

// namesByID runs query (ending in "IN ") for ids and maps each id found to
// its name.
func namesByID(ctx context.Context, q store.Querier, query string, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := q.Query(ctx, query+"("+placeholders(len(ids))+")", idArgs(ids)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}

// namesPhrase lists names the way a sentence would: "Ada", "Ada and Grace",
// "Ada, Grace and Mary", "Ada, Grace, Mary and 4 others".
func namesPhrase(names []string) string {
	const shown = 3
	switch {
	case len(names) == 0:
		return "nobody"
	case len(names) == 1:
		return names[0]
	case len(names) <= shown:
		return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	rest := len(names) - shown
	other := "others"
	if rest == 1 {
		other = "other"
	}
	return strings.Join(names[:shown], ", ") + fmt.Sprintf(" and %d %s", rest, other)
}
