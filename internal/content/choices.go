package content

import (
	"context"
	"database/sql"

	"github.com/trellis-community/trellis/internal/store"
)

// GoalChoice is a goal a form offers to link.
type GoalChoice struct {
	ID     int64
	Title  string
	Active bool
}

// GoalChoices lists the shared goals an item can serve, active ones first,
// by title: the content form offers them.
func (s *Service) GoalChoices(ctx context.Context) ([]GoalChoice, error) {
	var out []GoalChoice
	err := store.EachRow(ctx, s.DB, "SELECT id, title, status FROM goals ORDER BY CASE WHEN status = 'active' THEN 0 ELSE 1 END, lower(title), id",
		nil, func(rows *sql.Rows) error {
			var g GoalChoice
			var status string
			err := rows.Scan(&g.ID, &g.Title, &status)
			g.Active = status == "active"
			out = append(out, g)
			return err
		})
	return out, store.Wrap(err, "Could not load the goals.")
}

// Pillars lists every pillar, by title: the content form offers them as
// the campaign an item belongs to.
func (s *Service) Pillars(ctx context.Context) ([]Item, error) {
	list, err := scanItems(ctx, s.DB, "WHERE c.is_pillar = ? ORDER BY lower(c.title), c.id", []any{true})
	return list, store.Wrap(err, "Could not load the pillars.")
}
