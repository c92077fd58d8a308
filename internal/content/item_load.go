package content

import (
	"context"
	"database/sql"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/store"
)

const itemColumns = `SELECT c.id, c.kind, c.title, c.summary, c.url, c.status, c.planned_on, c.published_on,
	c.review_by, c.audience_segment_id, c.audience_stages, c.modality, c.timing, c.mode, c.is_pillar,
	c.launch_on, c.pillar_id, c.created_by, c.created_at, c.updated_at, c.version FROM content_items c `

// getItem loads one item in full; NotFound when it is absent.
func getItem(ctx context.Context, q store.Querier, d store.Dialect, id int64, lock string) (Item, error) {
	list, err := loadItems(ctx, q, d, "WHERE c.id = ?"+lock, []any{id})
	if err != nil {
		return Item{}, err
	}
	if len(list) == 0 {
		return Item{}, apperr.NotFoundf("Content item not found.")
	}
	return list[0], nil
}

// loadItems selects items with tail (WHERE, ORDER BY, LIMIT) and fills in
// their authors, channels, goals, figures and pillar titles: five more
// queries however many items there are.
func loadItems(ctx context.Context, q store.Querier, d store.Dialect, tail string, args []any) ([]Item, error) {
	list, err := scanItems(ctx, q, tail, args)
	if err != nil || len(list) == 0 {
		return list, err
	}
	return list, fillItems(ctx, q, d, list)
}

func scanItems(ctx context.Context, q store.Querier, tail string, args []any) ([]Item, error) {
	list := []Item{}
	err := store.EachRow(ctx, q, itemColumns+tail, args, func(rows *sql.Rows) error {
		var it Item
		var segment, pillar, createdBy sql.NullInt64
		var stages, kind, status, modality, timing, mode string
		var created, updated int64
		if err := rows.Scan(&it.ID, &kind, &it.Title, &it.Summary, &it.URL, &status, &it.PlannedOn, &it.PublishedOn,
			&it.ReviewBy, &segment, &stages, &modality, &timing, &mode, &it.IsPillar,
			&it.LaunchOn, &pillar, &createdBy, &created, &updated, &it.Version); err != nil {
			return err
		}
		it.Kind, it.Status = Kind(kind), Status(status)
		it.Modality, it.Timing, it.Mode = participation.Modality(modality), participation.Timing(timing), participation.Mode(mode)
		var seg *int64
		if segment.Valid {
			seg = &segment.Int64
		}
		it.Audience = members.ParseAudience(seg, stages)
		if it.Audience.CareerStages == nil {
			it.Audience.CareerStages = []members.CareerStage{}
		}
		if pillar.Valid {
			it.PillarID = &pillar.Int64
		}
		it.CreatedBy = createdBy.Int64
		it.CreatedAt, it.UpdatedAt = store.UnixTime(created), store.UnixTime(updated)
		it.Authors, it.Channels, it.Goals, it.Figures = []Author{}, []Channel{}, []goals.Link{}, []Metric{}
		list = append(list, it)
		return nil
	})
	return list, err
}

// fillItems reads the rows that hang off each item in list.
func fillItems(ctx context.Context, q store.Querier, d store.Dialect, list []Item) error {
	ids := make([]int64, len(list))
	at := make(map[int64]*Item, len(list))
	var pillars []int64
	for i := range list {
		ids[i] = list[i].ID
		at[list[i].ID] = &list[i]
		if p := list[i].PillarID; p != nil {
			pillars = append(pillars, *p)
		}
	}
	in := func(expr string, values []int64) (string, []any) {
		cond, arg := store.AnyOfCond(d, expr, values)
		return cond, []any{arg}
	}
	cond, args := in("a.content_id", ids)
	err := store.EachRow(ctx, q, `SELECT a.content_id, 'member', a.member_id, COALESCE(NULLIF(m.preferred_name, ''), m.name), a.position
		FROM content_members a JOIN members m ON m.id = a.member_id WHERE `+cond+`
		UNION ALL SELECT a.content_id, 'user', a.user_id, u.name, a.position
		FROM content_users a JOIN users u ON u.id = a.user_id WHERE `+cond+` ORDER BY 1, 2, 5`,
		append(args, args...), func(rows *sql.Rows) error {
			var id int64
			var a Author
			var pos int
			if err := rows.Scan(&id, &a.Kind, &a.ID, &a.Name, &pos); err != nil {
				return err
			}
			at[id].Authors = append(at[id].Authors, a)
			return nil
		})
	if err != nil {
		return err
	}
	cond, args = in("content_id", ids)
	err = store.EachRow(ctx, q, "SELECT content_id, channel, label FROM content_channels WHERE "+cond+" ORDER BY content_id, position",
		args, func(rows *sql.Rows) error {
			var id int64
			var c Channel
			if err := rows.Scan(&id, &c.Kind, &c.Label); err != nil {
				return err
			}
			at[id].Channels = append(at[id].Channels, c)
			return nil
		})
	if err != nil {
		return err
	}
	cond, args = in("l.content_id", ids)
	err = store.EachRow(ctx, q, `SELECT l.content_id, l.goal_id, l.how, g.title FROM content_goals l JOIN goals g ON g.id = l.goal_id
		WHERE `+cond+` ORDER BY l.content_id, g.title`, args, func(rows *sql.Rows) error {
		var id int64
		var l goals.Link
		if err := rows.Scan(&id, &l.GoalID, &l.How, &l.Title); err != nil {
			return err
		}
		at[id].Goals = append(at[id].Goals, l)
		return nil
	})
	if err != nil {
		return err
	}
	if err := fillFigures(ctx, q, d, ids, at); err != nil {
		return err
	}
	if len(pillars) == 0 {
		return nil
	}
	titles := map[int64]string{}
	cond, args = in("id", pillars)
	err = store.EachRow(ctx, q, "SELECT id, title FROM content_items WHERE "+cond, args, func(rows *sql.Rows) error {
		var id int64
		var title string
		err := rows.Scan(&id, &title)
		titles[id] = title
		return err
	})
	for i := range list {
		if p := list[i].PillarID; p != nil {
			list[i].PillarTitle = titles[*p]
		}
	}
	return err
}
