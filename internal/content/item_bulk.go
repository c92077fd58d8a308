package content

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// BulkItem is one content item of a bulk load (the benchmark community),
// with its figures, created by CreatedBy (a team user, or 0) at
// CreatedAt. Pillar is 1 + the index, in the same load and earlier in it,
// of the pillar whose campaign the item belongs to; 0 for none (Input's
// PillarID is ignored).
type BulkItem struct {
	Input
	Pillar    int
	Figures   []MetricInput
	CreatedBy int64
	CreatedAt time.Time
}

// WriteBulk stores items inside tx, a bulk transaction (store.DB.InBulkTx),
// table by table with COPY on PostgreSQL and multi-row inserts on SQLite:
// the path for a benchmark community of ten thousand items, where Create
// takes a transaction each. Each item and figure is checked as Create and
// AddMetric check them, as of today (YYYY-MM-DD), before anything is
// written; problems come back as one Invalid error naming
// "items[12].published_on". Authors, audiences and goals are left to the
// foreign keys, and no audit entry is written: the caller records the
// load as one act and analyses BulkTables afterwards. It returns the new
// ids in the order of items.
func WriteBulk(ctx context.Context, tx *store.Tx, today string, items []BulkItem) ([]int64, error) {
	var fe apperr.FieldErrors
	clean := make([]Input, len(items))
	figures := make([][]MetricInput, len(items))
	for i := range items {
		in := items[i].Input
		in.PillarID = nil
		in.normalize()
		var ife apperr.FieldErrors
		in.check(0, today, &ife)
		if p := items[i].Pillar; p < 0 || p > i || (p > 0 && !items[p-1].IsPillar) {
			ife.Add("pillar", "must name a pillar earlier in the load")
		}
		figures[i] = slices.Clone(items[i].Figures)
		for j := range figures[i] {
			var mfe apperr.FieldErrors
			figures[i][j].check(today, &mfe)
			for field, msg := range mfe {
				ife.Add(fmt.Sprintf("figures[%d].%s", j, field), "%s", msg)
			}
		}
		for field, msg := range ife {
			fe.Add(fmt.Sprintf("items[%d].%s", i, field), "%s", msg)
		}
		clean[i] = in
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	ids, err := tx.ReserveIDs(ctx, "content_items", len(items))
	if err != nil {
		return nil, err
	}
	cols := []string{"id", "kind", "title", "summary", "url", "status", "planned_on", "published_on", "dated_on", "review_by",
		"audience_segment_id", "audience_stages", "modality", "timing", "mode", "is_pillar", "launch_on", "pillar_id",
		"created_by", "version", "created_at", "updated_at"}
	if _, err := tx.CopyRows(ctx, "content_items", cols, func(yield func([]any) bool) {
		for i, in := range clean {
			var seg, pillar, by any
			if in.Audience.SegmentID != nil {
				seg = *in.Audience.SegmentID
			}
			if p := items[i].Pillar; p > 0 {
				pillar = ids[p-1]
			}
			if items[i].CreatedBy > 0 {
				by = items[i].CreatedBy
			}
			at := items[i].CreatedAt.Unix()
			if !yield([]any{ids[i], string(in.Kind), in.Title, in.Summary, in.URL, string(in.Status), in.PlannedOn, in.PublishedOn,
				datedOn(in.PublishedOn, in.PlannedOn), in.ReviewBy, seg, in.Audience.StagesColumn(), string(in.Modality),
				string(in.Timing), string(in.Mode), in.IsPillar, in.LaunchOn, pillar, by, 1, at, at}) {
				return
			}
		}
	}); err != nil {
		return nil, err
	}
	each := func(rows func(i int, yield func([]any) bool) bool) iter.Seq[[]any] {
		return func(yield func([]any) bool) {
			for i := range clean {
				if !rows(i, yield) {
					return
				}
			}
		}
	}
	children := []struct {
		table string
		cols  []string
		rows  func(i int, yield func([]any) bool) bool
	}{
		{"content_channels", []string{"content_id", "position", "channel", "label"}, func(i int, yield func([]any) bool) bool {
			for k, c := range clean[i].Channels {
				if !yield([]any{ids[i], k, string(c.Kind), c.Label}) {
					return false
				}
			}
			return true
		}},
		{"content_members", []string{"content_id", "member_id", "position"}, func(i int, yield func([]any) bool) bool {
			for k, m := range clean[i].AuthorMemberIDs {
				if !yield([]any{ids[i], m, k}) {
					return false
				}
			}
			return true
		}},
		{"content_users", []string{"content_id", "user_id", "position"}, func(i int, yield func([]any) bool) bool {
			for k, u := range clean[i].AuthorUserIDs {
				if !yield([]any{ids[i], u, k}) {
					return false
				}
			}
			return true
		}},
		{"content_goals", []string{"content_id", "goal_id", "how"}, func(i int, yield func([]any) bool) bool {
			for _, g := range clean[i].Goals {
				if !yield([]any{ids[i], g.GoalID, g.How}) {
					return false
				}
			}
			return true
		}},
		{"content_metrics", []string{"content_id", "name", "label", "value", "read_on", "entered_by", "entered_at"}, func(i int, yield func([]any) bool) bool {
			var by any
			if items[i].CreatedBy > 0 {
				by = items[i].CreatedBy
			}
			for _, m := range figures[i] {
				at, _ := time.Parse(time.DateOnly, m.ReadOn)
				if !yield([]any{ids[i], string(m.Name), m.Label, *m.Value, m.ReadOn, by, at.Unix()}) {
					return false
				}
			}
			return true
		}},
	}
	for _, c := range children {
		if _, err := tx.CopyRows(ctx, c.table, c.cols, each(c.rows)); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// BulkTables are the tables WriteBulk fills, for store.DB.DeferIndexes and
// store.DB.Analyze.
func BulkTables() []string {
	return []string{"content_items", "content_channels", "content_members", "content_users", "content_goals", "content_metrics"}
}
