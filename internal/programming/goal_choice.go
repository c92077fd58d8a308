package programming

import (
	"context"

	"github.com/trellis-community/trellis/internal/store"
)

// GoalChoice is a goal a form offers to link to.
type GoalChoice struct {
	ID      int64
	Title   string
	Retired bool
}

// GoalChoices lists every goal by title, active ones first, for the
// programme and session forms.
func (s *Service) GoalChoices(ctx context.Context) ([]GoalChoice, error) {
	rows, err := s.DB.Query(ctx, "SELECT id, title, status FROM goals ORDER BY CASE WHEN status = 'active' THEN 0 ELSE 1 END, title, id")
	if err != nil {
		return nil, store.Wrap(err, "Could not list the goals.")
	}
	defer rows.Close()
	out := []GoalChoice{}
	for rows.Next() {
		var g GoalChoice
		var status string
		if err := rows.Scan(&g.ID, &g.Title, &status); err != nil {
			return nil, store.Wrap(err, "Could not list the goals.")
		}
		g.Retired = status != "active"
		out = append(out, g)
	}
	return out, store.Wrap(rows.Err(), "Could not list the goals.")
}
