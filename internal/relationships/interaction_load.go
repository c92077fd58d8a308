package relationships

import (
	"context"
	"database/sql"
	"slices"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

const interactionColumns = `SELECT i.id, i.occurred_on, i.channel, i.summary, i.notes, i.outcome,
	i.created_by, i.created_at, i.updated_at, i.version FROM interactions i `

// getInteraction loads one interaction in full; NotFound when it is absent.
func getInteraction(ctx context.Context, q store.Querier, id int64, today string) (Interaction, error) {
	list, err := loadInteractions(ctx, q, "WHERE i.id = ?", []any{id}, today)
	if err != nil {
		return Interaction{}, err
	}
	if len(list) == 0 {
		return Interaction{}, apperr.NotFoundf("Interaction not found.")
	}
	return list[0], nil
}

// loadInteractions selects interactions with tail (joins, WHERE, ORDER BY,
// LIMIT) and fills in their members, users and follow-ups: three more
// queries however many interactions there are.
func loadInteractions(ctx context.Context, q store.Querier, tail string, args []any, today string) ([]Interaction, error) {
	list, err := scanInteractions(ctx, q, tail, args)
	if err != nil || len(list) == 0 {
		return list, err
	}
	return list, fillInteractions(ctx, q, list, today)
}

// scanInteractions selects interactions without their participants.
func scanInteractions(ctx context.Context, q store.Querier, tail string, args []any) ([]Interaction, error) {
	rows, err := q.Query(ctx, interactionColumns+tail, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []Interaction{}
	for rows.Next() {
		var it Interaction
		var createdBy sql.NullInt64
		var created, updated int64
		var channel string
		if err := rows.Scan(&it.ID, &it.OccurredOn, &channel, &it.Summary, &it.Notes, &it.Outcome,
			&createdBy, &created, &updated, &it.Version); err != nil {
			return nil, err
		}
		it.Channel = Channel(channel)
		it.CreatedBy = createdBy.Int64
		it.CreatedAt, it.UpdatedAt = store.UnixTime(created), store.UnixTime(updated)
		it.Members, it.Users, it.FollowUps = []Participant{}, []Participant{}, []FollowUp{}
		list = append(list, it)
	}
	return list, rows.Err()
}

// fillInteractions loads participants and follow-ups for a page of
// interactions, one query per table for the whole page.
func fillInteractions(ctx context.Context, q store.Querier, list []Interaction, today string) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]int64, len(list))
	index := make(map[int64]int, len(list))
	for i, it := range list {
		ids[i] = it.ID
		index[it.ID] = i
	}
	in := "(" + store.Placeholders(len(ids)) + ")"
	args := store.Args(ids)
	// Members and team members in one statement, a round trip fewer on
	// PostgreSQL; each kind by name, then id.
	err := store.EachRow(ctx, q, `SELECT 0, im.interaction_id, m.id, `+memberName+` FROM interaction_members im
		JOIN members m ON m.id = im.member_id WHERE im.interaction_id IN `+in+`
		UNION ALL SELECT 1, iu.interaction_id, u.id, u.name FROM interaction_users iu
		JOIN users u ON u.id = iu.user_id WHERE iu.interaction_id IN `+in+" ORDER BY 1, 4, 3",
		append(slices.Clip(args), args...), func(rows *sql.Rows) error {
			var kind int
			var iid int64
			var p Participant
			if err := rows.Scan(&kind, &iid, &p.ID, &p.Name); err != nil {
				return err
			}
			it := &list[index[iid]]
			if kind == 0 {
				it.Members = append(it.Members, p)
			} else {
				it.Users = append(it.Users, p)
			}
			return nil
		})
	if err != nil {
		return err
	}
	fus, err := queryFollowUps(ctx, q, "WHERE f.interaction_id IN "+in+" ORDER BY f.due_on, f.id", args, today)
	if err != nil {
		return err
	}
	for _, f := range fus {
		it := &list[index[f.InteractionID]]
		it.FollowUps = append(it.FollowUps, f)
	}
	return nil
}
