package relationships

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// NewMember is someone who joined this month, for the dashboard's welcome
// list.
type NewMember struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	JoinedOn    string `json:"joined_on"` // YYYY-MM-DD
	Affiliation string `json:"affiliation"`
}

// The two kinds of new member: joined_on in [?, ?), or no joined_on and
// created_at in [?, ?). COALESCE(joined_on, ”) is the members_joined
// index's expression: written so, the range reads the index rather than
// every member (at 100,000 members, 700 ms against 1).
const (
	newByJoined  = "m.archived_at IS NULL AND COALESCE(m.joined_on, '') >= ? AND COALESCE(m.joined_on, '') < ?"
	newByCreated = "m.archived_at IS NULL AND (m.joined_on IS NULL OR m.joined_on = '') AND m.created_at >= ? AND m.created_at < ?"
)

// newMembers returns the newest members who are not archived and joined in
// the current calendar month of the community's time zone, and how many
// joined in all. A member's joining day is joined_on when it is known,
// otherwise the day they were added to Trellis. The two kinds are read
// separately so each reads its own index and stops after NewMembersShown.
func (s *Service) newMembers(ctx context.Context) ([]NewMember, int, error) {
	loc := s.location()
	now := s.now().In(loc)
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, loc)
	next := first.AddDate(0, 1, 0)
	from, to := first.Format(dateLayout), next.Format(dateLayout)
	const byJoined, byCreated = newByJoined, newByCreated
	var count int
	err := s.DB.QueryRow(ctx, "SELECT (SELECT COUNT(*) FROM members m WHERE "+byJoined+
		") + (SELECT COUNT(*) FROM members m WHERE "+byCreated+")",
		from, to, first.Unix(), next.Unix()).Scan(&count)
	if err != nil {
		return nil, 0, err
	}
	list := []NewMember{}
	for _, q := range []struct {
		where, order string
		args         []any
	}{
		{byJoined, "COALESCE(m.joined_on, '') DESC, m.id DESC", []any{from, to}},
		{byCreated, "m.created_at DESC, m.id DESC", []any{first.Unix(), next.Unix()}},
	} {
		rows, err := s.DB.Query(ctx, "SELECT m.id, "+memberName+", COALESCE(m.joined_on, ''), m.created_at, m.affiliation "+
			"FROM members m WHERE "+q.where+" ORDER BY "+q.order+" LIMIT ?", append(q.args, NewMembersShown)...)
		if err != nil {
			return nil, 0, err
		}
		for rows.Next() {
			var nm NewMember
			var created int64
			if err := rows.Scan(&nm.ID, &nm.Name, &nm.JoinedOn, &created, &nm.Affiliation); err != nil {
				rows.Close()
				return nil, 0, err
			}
			if nm.JoinedOn == "" {
				nm.JoinedOn = dateIn(created, loc)
			}
			list = append(list, nm)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, 0, err
		}
	}
	slices.SortStableFunc(list, func(a, b NewMember) int {
		if c := cmp.Compare(b.JoinedOn, a.JoinedOn); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	return list[:min(len(list), NewMembersShown)], count, nil
}
