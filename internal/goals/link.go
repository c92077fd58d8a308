package goals

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// Link says that a programme, session or content item serves a goal, and
// how. Each capability stores its links in its own table,
// <thing>_goals: <thing>_id, goal_id (REFERENCES goals(id) ON DELETE
// RESTRICT), how (TEXT NOT NULL, empty by default), with the primary key
// (<thing>_id, goal_id) and an index on (goal_id); its records list them
// as Goals []Link.
type Link struct {
	GoalID int64  `json:"goal_id"`
	How    string `json:"how"`
	// Title is the goal's title, filled in when links are read back, so a
	// page can name the goal without asking again.
	Title string `json:"title,omitempty"`
}

// MaxHowLength bounds Link.How.
const MaxHowLength = 1000

// CheckLinks adds a problem to fe for each link, under prefix
// ("goals[2].goal_id"), whose goal does not exist or is listed twice, or
// whose note is too long, reading the goals through q (inside the
// transaction that will store the links, so a goal deleted meanwhile
// cannot slip through). Retired goals may still be linked: an item made
// while a goal was active keeps serving it.
func CheckLinks(ctx context.Context, q store.Querier, d store.Dialect, fe *apperr.FieldErrors, prefix string, links []Link) error {
	var ids []int64
	for i, l := range links {
		switch {
		case l.GoalID <= 0:
			fe.Add(fmt.Sprintf("%s[%d].goal_id", prefix, i), "choose a goal")
		case slices.IndexFunc(links, func(o Link) bool { return o.GoalID == l.GoalID }) != i:
			fe.Add(fmt.Sprintf("%s[%d].goal_id", prefix, i), "goal #%d is listed twice", l.GoalID)
		default:
			ids = append(ids, l.GoalID)
		}
		if len(strings.TrimSpace(l.How)) > MaxHowLength {
			fe.Add(fmt.Sprintf("%s[%d].how", prefix, i), "must be at most %d characters", MaxHowLength)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	cond, arg := store.AnyOfCond(d, "id", ids)
	rows, err := q.Query(ctx, "SELECT id FROM goals WHERE "+cond, arg)
	if err != nil {
		return fmt.Errorf("check goal links: %w", err)
	}
	defer rows.Close()
	found := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return fmt.Errorf("check goal links: %w", err)
		}
		found[id] = true
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("check goal links: %w", err)
	}
	for i, l := range links {
		if l.GoalID > 0 && !found[l.GoalID] {
			fe.Add(fmt.Sprintf("%s[%d].goal_id", prefix, i), "there is no goal #%d", l.GoalID)
		}
	}
	return nil
}

// Contribution is one thing that serves a goal, as the goal's page lists
// it: a programme, a session or a content item.
type Contribution struct {
	Kind   string // "programme", "session" or "content"
	ID     int64
	Title  string
	Path   string // its page, such as "/programmes/12"
	On     string // YYYY-MM-DD it takes place or is published (planned or done); "" when undated
	Status string // its status, as the UI shows it
	How    string // how it serves the goal
}

// Source lists the contributions to one goal dated within [from, to]
// (YYYY-MM-DD, both inclusive), plus the undated ones. Each capability
// that links to goals provides one, and the app hands them all to the
// goals service, so this package never imports the capabilities that
// serve goals.
type Source func(ctx context.Context, goalID int64, from, to string) ([]Contribution, error)
