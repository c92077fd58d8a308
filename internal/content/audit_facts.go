package content

import (
	"context"
	"database/sql"

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

// AuditFacts returns the items dated on or before to (YYYY-MM-DD) and the
// undated ones, by id, with their goals (titles left out), and for those
// dated from from to to everything the audit judges: kind, audience,
// modality, timing, mode and the latest reading of each figure. Items
// outside the period count only for the goals they served and their
// review-by dates, so only those are read for them. Four queries however
// many items there are.
func (s *Service) AuditFacts(ctx context.Context, from, to string) ([]AuditFacts, error) {
	out, err := s.auditFacts(ctx, from, to)
	return out, store.Wrap(err, "Could not read the content for the audit.")
}

func (s *Service) auditFacts(ctx context.Context, from, to string) ([]AuditFacts, error) {
	out := []AuditFacts{}
	at := map[int64]int{}
	err := each(ctx, s.DB, `SELECT id, kind, title, status, dated_on, review_by, audience_segment_id, audience_stages,
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
	if err != nil {
		return nil, err
	}
	// dated_on is '' for an undated item, which sorts before any date.
	// Most items are older than the period: reading the whole table is
	// quicker than the dated index and a lookup per item, and COALESCE
	// (dated_on is never NULL) keeps SQLite off that index.
	err = each(ctx, s.DB, `SELECT id, kind, title, status, dated_on, review_by FROM content_items WHERE COALESCE(dated_on, '') < ?`,
		[]any{from}, func(rows *sql.Rows) error {
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
	// Goal links in the order they were written, read in one pass over the
	// table.
	err = each(ctx, s.DB, `SELECT content_id, goal_id, how FROM content_goals`, nil, func(rows *sql.Rows) error {
		var id int64
		var l goals.Link
		if err := rows.Scan(&id, &l.GoalID, &l.How); err != nil {
			return err
		}
		if i, ok := at[id]; ok {
			out[i].Goals = append(out[i].Goals, l)
		}
		return nil
	})
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
	err = each(ctx, s.DB, `SELECT m.content_id, m.name, m.label, m.read_on, m.id, m.value FROM content_items c
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
