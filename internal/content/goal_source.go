package content

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/store"
)

// GoalContributions is this capability's goals.Source: the content items
// that serve goal goalID, dated (published, else planned) within [from,
// to], both YYYY-MM-DD and inclusive, plus the undated ones, by date.
func (s *Service) GoalContributions(ctx context.Context, goalID int64, from, to string) ([]goals.Contribution, error) {
	out := []goals.Contribution{}
	err := store.EachRow(ctx, s.DB, `SELECT c.id, c.title, c.dated_on, c.status, l.how FROM content_goals l
		JOIN content_items c ON c.id = l.content_id
		WHERE l.goal_id = ? AND (c.dated_on = '' OR (c.dated_on >= ? AND c.dated_on <= ?))
		ORDER BY c.dated_on, c.id`, []any{goalID, from, to}, func(rows *sql.Rows) error {
		c := goals.Contribution{Kind: "content"}
		var status string
		if err := rows.Scan(&c.ID, &c.Title, &c.On, &status, &c.How); err != nil {
			return err
		}
		c.Status = Status(status).Label()
		c.Path = "/content/" + strconv.FormatInt(c.ID, 10)
		out = append(out, c)
		return nil
	})
	return out, store.Wrap(err, "Could not load the content serving this goal.")
}

var _ goals.Source = (*Service)(nil).GoalContributions
