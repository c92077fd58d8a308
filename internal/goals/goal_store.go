package goals

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// goalColumns are read by scanGoal, with the owner's name from users u.
const goalColumns = `g.id, g.title, g.description, g.why, COALESCE(g.owner_user_id, 0), COALESCE(u.name, ''),
	g.status, g.retired_on, g.version, g.created_at, g.updated_at`

const goalFrom = " FROM goals g LEFT JOIN users u ON u.id = g.owner_user_id "

func scanGoal(sc interface{ Scan(...any) error }) (Goal, error) {
	var g Goal
	var status string
	var created, updated int64
	err := sc.Scan(&g.ID, &g.Title, &g.Description, &g.Why, &g.OwnerUserID, &g.OwnerName,
		&status, &g.RetiredOn, &g.Version, &created, &updated)
	g.Status = Status(status)
	g.CreatedAt, g.UpdatedAt = time.Unix(created, 0).UTC(), time.Unix(updated, 0).UTC()
	return g, err
}

// loadGoals reads the goals matching where (with args), in the list's
// order, each with its indicators: two queries however many goals.
func loadGoals(ctx context.Context, q store.Querier, d store.Dialect, where string, args ...any) ([]Goal, error) {
	rows, err := q.Query(ctx, "SELECT "+goalColumns+goalFrom+where+
		" ORDER BY CASE WHEN g.status = 'retired' THEN 1 ELSE 0 END, g.retired_on DESC, g.id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Goal{}
	index := map[int64]int{}
	for rows.Next() {
		g, err := scanGoal(rows)
		if err != nil {
			return nil, err
		}
		g.Indicators = []Indicator{}
		index[g.ID] = len(out)
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}
	ids := make([]int64, len(out))
	for i, g := range out {
		ids[i] = g.ID
	}
	cond, arg := store.AnyOfCond(d, "goal_id", ids)
	irows, err := q.Query(ctx, `SELECT goal_id, name, unit, target_value, current_value, measured_on
		FROM goal_indicators WHERE `+cond+` ORDER BY goal_id, position`, arg)
	if err != nil {
		return nil, err
	}
	defer irows.Close()
	for irows.Next() {
		var goalID int64
		var in Indicator
		var target, current sql.NullFloat64
		if err := irows.Scan(&goalID, &in.Name, &in.Unit, &target, &current, &in.MeasuredOn); err != nil {
			return nil, err
		}
		if target.Valid {
			in.Target = &target.Float64
		}
		if current.Valid {
			in.Current = &current.Float64
		}
		g := &out[index[goalID]]
		g.Indicators = append(g.Indicators, in)
	}
	return out, irows.Err()
}

// getGoal reads one goal, or NotFound.
func getGoal(ctx context.Context, q store.Querier, d store.Dialect, id int64) (Goal, error) {
	gs, err := loadGoals(ctx, q, d, "WHERE g.id = ?", id)
	if err != nil {
		return Goal{}, err
	}
	if len(gs) == 0 {
		return Goal{}, notFound(id)
	}
	return gs[0], nil
}

// lockGoal takes goal id's write lock inside tx and reads it, or NotFound.
func lockGoal(ctx context.Context, tx *store.Tx, id int64) (Goal, error) {
	var found int64
	err := tx.QueryRow(ctx, "SELECT id FROM goals WHERE id = ?"+tx.ForUpdate(), id).Scan(&found)
	if errors.Is(err, sql.ErrNoRows) {
		return Goal{}, notFound(id)
	}
	if err != nil {
		return Goal{}, err
	}
	return getGoal(ctx, tx, tx.Dialect, id)
}

// checkRefs checks what only the database knows, inside the transaction
// that stores g (id 0 for a new goal): that no other goal has its title,
// ignoring case, and that its owner is a team user. It fills g.OwnerName.
func checkRefs(ctx context.Context, tx *store.Tx, g *Goal, id int64) error {
	var fe apperr.FieldErrors
	var other string
	err := tx.QueryRow(ctx, "SELECT title FROM goals WHERE lower(title) = lower(?) AND id <> ?", g.Title, id).Scan(&other)
	switch {
	case err == nil:
		fe.Add("title", "another goal is already called %q", other)
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	g.OwnerName = ""
	if g.OwnerUserID != 0 {
		err := tx.QueryRow(ctx, "SELECT name FROM users WHERE id = ?", g.OwnerUserID).Scan(&g.OwnerName)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			fe.Add("owner_user_id", "there is no team member #%d", g.OwnerUserID)
		case err != nil:
			return err
		}
	}
	return fe.Err()
}

// writeIndicators replaces the goal's indicators with ins, in order.
func writeIndicators(ctx context.Context, tx *store.Tx, id int64, ins []Indicator) error {
	if _, err := tx.Exec(ctx, "DELETE FROM goal_indicators WHERE goal_id = ?", id); err != nil {
		return err
	}
	for i, in := range ins {
		if _, err := tx.Exec(ctx, `INSERT INTO goal_indicators (goal_id, position, name, unit, target_value, current_value, measured_on)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, i+1, in.Name, in.Unit, nullFloat(in.Target), nullFloat(in.Current), in.MeasuredOn); err != nil {
			return fmt.Errorf("store indicator %d: %w", i, err)
		}
	}
	return nil
}

func nullFloat(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
