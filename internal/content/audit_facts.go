package content

import (
	"context"
	"database/sql"
	"strings"

	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/store"
)

// AuditFacts is a content item as the content and programming audit reads
// it.
type AuditFacts struct {
	ID       int64
	Kind     Kind
	Title    string
	Status   Status
	On       string // published, else planned, YYYY-MM-DD; "" when neither
	ReviewBy string
	Audience members.Audience
	Modality participation.Modality
	Timing   participation.Timing
	Mode     participation.Mode
	Goals    []goals.Link
	// Figures are the latest reading of each figure, by name (a custom
	// figure goes by its label), for an item dated in the period; nil
	// for the others.
	Figures map[string]float64
}

// AuditFacts returns the items dated from from to to (YYYY-MM-DD, both
// inclusive), by id, with their goals (titles left out) and everything
// the audit judges: kind, audience, modality, timing, mode and the latest
// reading of each figure. Items from before the period are
// AuditFactsBefore's. Three queries however many items there are.
func (s *Service) AuditFacts(ctx context.Context, from, to string) ([]AuditFacts, error) {
	out, err := s.auditFacts(ctx, from, to)
	return out, store.Wrap(err, "Could not read the content for the audit.")
}

// AuditBefore says which of the items dated before the audited period,
// or not dated, the audit reads: of the items not archived, those that
// serve one of Goals (undated ones aside) and those with a review-by
// date before ReviewBefore. Nothing else from before the period can
// change a finding. All reads every one instead, archived included: the
// whole past, which the tests compare the selective read with.
type AuditBefore struct {
	Goals        []int64
	ReviewBefore string // YYYY-MM-DD; "" asks for none by their review-by date
	All          bool
}

// AuditFactsBefore returns the items dated before from (YYYY-MM-DD) or
// undated that want asks for, by id, with their kind, title, status, date
// and review-by date, and of their goals those among want.Goals (every
// one with All; titles left out); the rest is not read. Two queries,
// however many items there are.
func (s *Service) AuditFactsBefore(ctx context.Context, from string, want AuditBefore) ([]AuditFacts, error) {
	out, err := s.auditFactsBefore(ctx, from, want)
	return out, store.Wrap(err, "Could not read the content for the audit.")
}

func (s *Service) auditFacts(ctx context.Context, from, to string) ([]AuditFacts, error) {
	out := []AuditFacts{}
	at := map[int64]int{}
	err := store.EachRow(ctx, s.DB, `SELECT id, kind, title, status, dated_on, review_by, audience_segment_id, audience_stages,
		modality, timing, mode FROM content_items WHERE dated_on >= ? AND dated_on <= ?`, []any{from, to}, func(rows *sql.Rows) error {
		var f AuditFacts
		var seg sql.NullInt64
		var stages string
		if err := rows.Scan(&f.ID, &f.Kind, &f.Title, &f.Status, &f.On, &f.ReviewBy, &seg, &stages,
			&f.Modality, &f.Timing, &f.Mode); err != nil {
			return err
		}
		var segID *int64
		if seg.Valid {
			segID = &seg.Int64
		}
		f.Audience = members.ParseAudience(segID, stages)
		at[f.ID] = len(out)
		out = append(out, f)
		return nil
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	// Goal links in the order they were written: the unary plus keeps
	// the engine off the (content_id, goal_id) key, which would give them
	// by goal, so the table is read in its own order and only the
	// period's links come to Go.
	err = store.EachRow(ctx, s.DB, `SELECT content_id, goal_id, how FROM content_goals
		WHERE +content_id IN (SELECT id FROM content_items WHERE dated_on >= ? AND dated_on <= ?)`, []any{from, to},
		func(rows *sql.Rows) error { return addGoal(rows, out, at) })
	if err != nil {
		return nil, err
	}
	// The latest reading of each figure of the items in the period, kept
	// in one pass over their readings: a later day wins, then the one
	// entered later.
	type key struct {
		id          int64
		name, label string
	}
	type reading struct {
		on    string
		id    int64
		value float64
	}
	latest := map[key]reading{}
	err = store.EachRow(ctx, s.DB, `SELECT m.content_id, m.name, m.label, m.read_on, m.id, m.value FROM content_items c
		JOIN content_metrics m ON m.content_id = c.id WHERE c.dated_on >= ? AND c.dated_on <= ?`, []any{from, to}, func(rows *sql.Rows) error {
		var k key
		var r reading
		if err := rows.Scan(&k.id, &k.name, &k.label, &r.on, &r.id, &r.value); err != nil {
			return err
		}
		if old, ok := latest[k]; !ok || r.on > old.on || (r.on == old.on && r.id > old.id) {
			latest[k] = r
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for k, r := range latest {
		i, ok := at[k.id]
		if !ok {
			continue
		}
		name := k.name
		if name == string(CustomMetric) && k.label != "" {
			name = k.label
		}
		if out[i].Figures == nil {
			out[i].Figures = map[string]float64{}
		}
		out[i].Figures[name] = r.value
	}
	return out, nil
}

// addGoal appends the goal link in rows (content_id, goal_id, how) to the
// item it belongs to in out, found through at.
func addGoal(rows *sql.Rows, out []AuditFacts, at map[int64]int) error {
	var id int64
	var l goals.Link
	if err := rows.Scan(&id, &l.GoalID, &l.How); err != nil {
		return err
	}
	if i, ok := at[id]; ok {
		out[i].Goals = append(out[i].Goals, l)
	}
	return nil
}

func (s *Service) auditFactsBefore(ctx context.Context, from string, want AuditBefore) ([]AuditFacts, error) {
	// dated_on is '' for an undated item, which sorts before any date.
	// COALESCE (dated_on is never NULL) keeps SQLite off the dated index:
	// most items are older than the period, and reading the table beats a
	// lookup per item; the rows the audit does not need are left there,
	// not carried to Go one by one.
	cond, args := "COALESCE(dated_on, '') < ?", []any{from}
	if !want.All {
		var which []string
		if want.ReviewBefore != "" {
			which = append(which, "(review_by <> '' AND review_by < ?)")
			args = append(args, want.ReviewBefore)
		}
		if len(want.Goals) > 0 {
			in, arg := store.AnyOfCond(s.DB.Dialect, "goal_id", want.Goals)
			which = append(which, "(dated_on <> '' AND id IN (SELECT content_id FROM content_goals WHERE "+in+"))")
			args = append(args, arg)
		}
		if len(which) == 0 {
			return []AuditFacts{}, nil
		}
		cond += " AND status <> '" + string(Archived) + "' AND (" + strings.Join(which, " OR ") + ")"
	}
	out := []AuditFacts{}
	at := map[int64]int{}
	err := store.EachRow(ctx, s.DB, `SELECT id, kind, title, status, dated_on, review_by FROM content_items WHERE `+cond,
		args, func(rows *sql.Rows) error {
			var f AuditFacts
			if err := rows.Scan(&f.ID, &f.Kind, &f.Title, &f.Status, &f.On, &f.ReviewBy); err != nil {
				return err
			}
			at[f.ID] = len(out)
			out = append(out, f)
			return nil
		})
	if err != nil || len(out) == 0 {
		return out, err
	}
	// Only the links to the goals asked about: a past item's other goals
	// are served in the period, where what served them before is moot.
	links, largs := "", args
	if !want.All {
		if len(want.Goals) == 0 {
			return out, nil
		}
		in, arg := store.AnyOfCond(s.DB.Dialect, "goal_id", want.Goals)
		links, largs = in+" AND ", append([]any{arg}, args...)
	}
	err = store.EachRow(ctx, s.DB, `SELECT content_id, goal_id, how FROM content_goals
		WHERE `+links+`content_id IN (SELECT id FROM content_items WHERE `+cond+`)`, largs,
		func(rows *sql.Rows) error { return addGoal(rows, out, at) })
	if err != nil {
		return nil, err
	}
	return out, nil
}
