package relationships

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/trellis-community/trellis/internal/store"
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

// newMonth is the current calendar month of the community's time zone, as
// the bounds newByJoined and newByCreated take.
type newMonth struct {
	from, to     string // YYYY-MM-DD, the first day of this month and of the next
	fromAt, toAt int64  // the instants those days begin
}

func (s *Service) newMembersMonth() newMonth {
	now := s.now().In(s.location())
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, now.Location())
	next := first.AddDate(0, 1, 0)
	return newMonth{first.Format(dateLayout), next.Format(dateLayout), first.Unix(), next.Unix()}
}

// newMembersList returns the newest members who are not archived and
// joined in month (the dashboard counts them with its other counts). A
// member's joining day is joined_on when it is known, otherwise the day
// they were added to Trellis. The two kinds are read separately so each
// reads its own index and stops after NewMembersShown (as one statement,
// a UNION ALL, PostgreSQL planned it afresh on every call).
func (s *Service) newMembersList(ctx context.Context, month newMonth) ([]NewMember, error) {
	loc := s.location()
	list := []NewMember{}
	for _, q := range []struct {
		where, order string
		args         []any
	}{
		{newByJoined, "COALESCE(m.joined_on, '') DESC, m.id DESC", []any{month.from, month.to}},
		{newByCreated, "m.created_at DESC, m.id DESC", []any{month.fromAt, month.toAt}},
	} {
		err := store.EachRow(ctx, s.DB, "SELECT m.id, "+memberName+", COALESCE(m.joined_on, ''), m.created_at, m.affiliation "+
			"FROM members m WHERE "+q.where+" ORDER BY "+q.order+" LIMIT ?", append(q.args, NewMembersShown), func(rows *sql.Rows) error {
			var nm NewMember
			var created int64
			if err := rows.Scan(&nm.ID, &nm.Name, &nm.JoinedOn, &created, &nm.Affiliation); err != nil {
				return err
			}
			if nm.JoinedOn == "" {
				nm.JoinedOn = dateIn(created, loc)
			}
			list = append(list, nm)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sortNewMembers(list)
	return list[:min(len(list), NewMembersShown)], nil
}

// sortNewMembers orders new members newest first.
func sortNewMembers(list []NewMember) {
	slices.SortStableFunc(list, func(a, b NewMember) int {
		if c := cmp.Compare(b.JoinedOn, a.JoinedOn); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
}
