package programming

import (
	"context"
	"fmt"
	"time"

	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/store"
)

// GoalContributions is a goals.Source: the programmes and sessions that
// serve goal goalID, dated within [from, to] (YYYY-MM-DD, inclusive) or
// undated. A session is dated by its start (a series by its first); a
// programme by its first session, undated while it has none. Dates are
// the community's (Service.Location).
func (s *Service) GoalContributions(ctx context.Context, goalID int64, from, to string) ([]goals.Contribution, error) {
	loc := s.location()
	inPeriod := func(on string) bool { return on == "" || (on >= from && on <= to) }
	day := func(unix int64) string { return time.Unix(unix, 0).In(loc).Format("2006-01-02") }
	out := []goals.Contribution{}
	rows, err := s.DB.Query(ctx, `SELECT p.id, p.title, p.status, l.how, (SELECT MIN(s.starts_at) FROM programme_sessions s WHERE s.programme_id = p.id)
		FROM programme_goals l JOIN programmes p ON p.id = l.programme_id WHERE l.goal_id = ? ORDER BY p.id`, goalID)
	if err != nil {
		return nil, store.Wrap(err, "Could not list the programmes serving the goal.")
	}
	defer rows.Close()
	for rows.Next() {
		var c goals.Contribution
		var first *int64
		if err := rows.Scan(&c.ID, &c.Title, &c.Status, &c.How, &first); err != nil {
			return nil, store.Wrap(err, "Could not list the programmes serving the goal.")
		}
		if first != nil {
			c.On = day(*first)
		}
		c.Kind, c.Path, c.Status = "programme", fmt.Sprintf("/programmes/%d", c.ID), Status(c.Status).Label()
		if inPeriod(c.On) {
			out = append(out, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, store.Wrap(err, "Could not list the programmes serving the goal.")
	}
	rows.Close()
	rows, err = s.DB.Query(ctx, `SELECT s.id, s.programme_id, COALESCE(NULLIF(s.title, ''), p.title), s.status, l.how, s.starts_at
		FROM session_goals l JOIN programme_sessions s ON s.id = l.session_id JOIN programmes p ON p.id = s.programme_id
		WHERE l.goal_id = ? ORDER BY s.starts_at, s.id`, goalID)
	if err != nil {
		return nil, store.Wrap(err, "Could not list the sessions serving the goal.")
	}
	defer rows.Close()
	for rows.Next() {
		var c goals.Contribution
		var programmeID, start int64
		if err := rows.Scan(&c.ID, &programmeID, &c.Title, &c.Status, &c.How, &start); err != nil {
			return nil, store.Wrap(err, "Could not list the sessions serving the goal.")
		}
		c.Kind, c.On, c.Status = "session", day(start), SessionStatus(c.Status).Label()
		c.Path = fmt.Sprintf("/programmes/%d#session-%d", programmeID, c.ID)
		if inPeriod(c.On) {
			out = append(out, c)
		}
	}
	return out, store.Wrap(rows.Err(), "Could not list the sessions serving the goal.")
}

// GoalContributions must stay a goals.Source.
var _ goals.Source = (*Service)(nil).GoalContributions
