package relationships

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// refs holds the names of the members and team users some input refers
// to, looked up together: a batch of interactions costs one query per
// chunk of ids, however many interactions name them.
type refs struct {
	members map[int64]string
	users   map[int64]string
}

// lookupRefs loads the members and users with these ids; zeros and
// repeats are skipped.
func lookupRefs(ctx context.Context, q store.Querier, memberIDs, userIDs []int64) (refs, error) {
	members, err := namesByID(ctx, q, "SELECT m.id, "+memberName+" FROM members m WHERE m.id IN ", uniqueIDs(memberIDs))
	if err != nil {
		return refs{}, err
	}
	users, err := namesByID(ctx, q, "SELECT u.id, u.name FROM users u WHERE u.id IN ", uniqueIDs(userIDs))
	if err != nil {
		return refs{}, err
	}
	return refs{members: members, users: users}, nil
}

// memberNames returns the names of the members with these ids, in order
// (for audit summaries).
func (r refs) memberNames(ids []int64) []string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = r.members[id]
	}
	return names
}

// checkParticipants records on fe, as prefix+"members" or prefix+"users",
// a member or user in that does not exist: the form offered a person who
// has since gone, which the person filling it in must fix.
func (r refs) checkParticipants(in *InteractionInput, prefix string, fe *apperr.FieldErrors) {
	for _, id := range in.MemberIDs {
		if _, ok := r.members[id]; !ok {
			fe.Add(prefix+"members", "member %d does not exist", id)
		}
	}
	for _, id := range in.UserIDs {
		if _, ok := r.users[id]; !ok {
			fe.Add(prefix+"users", "team user %d does not exist", id)
		}
	}
}

// checkFollowUp records on fe, as prefix+"owner_id" or prefix+"member_id",
// an owner or member fu names that does not exist.
func (r refs) checkFollowUp(fu *FollowUpInput, prefix string, fe *apperr.FieldErrors) {
	if _, ok := r.users[fu.OwnerID]; fu.OwnerID != 0 && !ok {
		fe.Add(prefix+"owner_id", "team user %d does not exist", fu.OwnerID)
	}
	if _, ok := r.members[fu.MemberID]; fu.MemberID != 0 && !ok {
		fe.Add(prefix+"member_id", "member %d does not exist", fu.MemberID)
	}
}

// checkLogRefs is the database's half of judging interactions to be
// logged, prepared by prepareLog (fus[i] is ins[i]'s follow-up): every
// member and user they and their follow-ups name must exist. They are
// looked up all together, and a missing one is Invalid on the field of
// the input naming it, after prefix(i). It returns what it looked up.
func checkLogRefs(ctx context.Context, q store.Querier, ins []InteractionInput, fus []FollowUpInput, prefix func(i int) string) (refs, error) {
	var memberIDs, userIDs []int64
	for i := range ins {
		memberIDs = append(append(memberIDs, ins[i].MemberIDs...), fus[i].MemberID)
		userIDs = append(append(userIDs, ins[i].UserIDs...), fus[i].OwnerID)
	}
	r, err := lookupRefs(ctx, q, memberIDs, userIDs)
	if err != nil {
		return refs{}, err
	}
	var fe apperr.FieldErrors
	for i := range ins {
		p := prefix(i)
		r.checkParticipants(&ins[i], p, &fe)
		if ins[i].FollowUp != nil {
			r.checkFollowUp(&fus[i], p+"followup.", &fe)
		}
	}
	return r, fe.Err()
}

// checkParticipants makes sure every member and user exists, and returns
// the members' names in the order given. A missing one is Invalid on
// "members" or "users".
func checkParticipants(ctx context.Context, q store.Querier, memberIDs, userIDs []int64) ([]string, error) {
	r, err := lookupRefs(ctx, q, memberIDs, userIDs)
	if err != nil {
		return nil, err
	}
	var fe apperr.FieldErrors
	r.checkParticipants(&InteractionInput{MemberIDs: memberIDs, UserIDs: userIDs}, "", &fe)
	return r.memberNames(memberIDs), fe.Err()
}

// idsPerQuery caps the ids in one IN list, well inside both engines'
// limits on parameters.
const idsPerQuery = 1000

// namesByID runs query (ending in "IN ") for ids, a chunk of idsPerQuery
// at a time, and maps each id found to its name.
func namesByID(ctx context.Context, q store.Querier, query string, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	for chunk := range slices.Chunk(ids, idsPerQuery) {
		if err := scanNames(ctx, q, query+"("+store.Placeholders(len(chunk))+")", store.Args(chunk), out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// scanNames adds to out the id and name of every row query returns.
func scanNames(ctx context.Context, q store.Querier, query string, args []any, out map[int64]string) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		out[id] = name
	}
	return rows.Err()
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
