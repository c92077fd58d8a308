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
	// Figures are the latest reading of each figure, by name: a custom
	// figure goes by its label.
	Figures map[string]float64
}

// AuditFacts returns the items dated on or before to (YYYY-MM-DD) and the
// undated ones, by id, with their goals and the latest reading of each
// figure: three queries however many items there are.
func (s *Service) AuditFacts(ctx context.Context, to string) ([]AuditFacts, error) {
	out, err := s.auditFacts(ctx, to)
	return out, store.Wrap(err, "Could not read the content for the audit.")
}

func (s *Service) auditFacts(ctx context.Context, to string) ([]AuditFacts, error) {
	out := []AuditFacts{}
	at := map[int64]int{}
	// dated_on is '' for an undated item, which sorts before any date.
	err := each(ctx, s.DB, `SELECT id, kind, title, status, dated_on, review_by, audience_segment_id, audience_stages,
		modality, timing, mode FROM content_items WHERE dated_on <= ? ORDER BY id`, []any{to}, func(rows *sql.Rows) error {
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
	err = each(ctx, s.DB, `SELECT l.content_id, l.goal_id, l.how, g.title FROM content_goals l
		JOIN goals g ON g.id = l.goal_id ORDER BY l.content_id, g.title, g.id`, nil, func(rows *sql.Rows) error {
		var id int64
		var l goals.Link
		if err := rows.Scan(&id, &l.GoalID, &l.How, &l.Title); err != nil {
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
	// The latest reading of each figure: the one no later reading follows
	// (read on a later day, or the same day and entered after).
	err = each(ctx, s.DB, `SELECT m.content_id, m.name, m.label, m.value FROM content_metrics m
		WHERE NOT EXISTS (SELECT 1 FROM content_metrics n WHERE n.content_id = m.content_id AND n.name = m.name
			AND n.label = m.label AND (n.read_on > m.read_on OR (n.read_on = m.read_on AND n.id > m.id)))`,
		nil, func(rows *sql.Rows) error {
			var id int64
			var name, label string
			var value float64
			if err := rows.Scan(&id, &name, &label, &value); err != nil {
				return err
			}
			i, ok := at[id]
			if !ok {
				return nil
			}
			if name == string(CustomMetric) && label != "" {
				name = label
			}
			if out[i].Figures == nil {
				out[i].Figures = map[string]float64{}
			}
			out[i].Figures[name] = value
			return nil
		})
	return out, err
}
