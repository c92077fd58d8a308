package privacy

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
)

// AccessFormat names the access export in its own first field.
const AccessFormat = "trellis-subject-access"

// Access is everything Trellis holds about one member, for a request of
// access: their record as the API shows it, every row of every table
// that belongs to them (Records, table by table, as stored), the
// interactions they took part in and the sessions they attended in full,
// the merges that recorded them, the audit entries about them, and what
// other capabilities registered (Sections).
type Access struct {
	Format       string                      `json:"format"`
	GeneratedAt  time.Time                   `json:"generated_at"`
	Member       members.Member              `json:"member"`
	Records      map[string][]map[string]any `json:"records"`
	Interactions []map[string]any            `json:"interactions"`
	Sessions     []map[string]any            `json:"sessions"`
	Merges       []map[string]any            `json:"merges"`
	Audit        []audit.Entry               `json:"audit"`
	Sections     map[string]any              `json:"sections,omitempty"`
}

// Access gathers what Trellis holds about member id. NotFound for an
// unknown id.
func (s *Service) Access(ctx context.Context, id int64) (Access, error) {
	m, p, err := s.person(ctx, id)
	if err != nil {
		return Access{}, err
	}
	a := Access{Format: AccessFormat, GeneratedAt: s.now().UTC(), Member: m}
	if a.Records, err = s.Members.RowsOf(ctx, id); err != nil {
		return Access{}, err
	}
	_, sections := s.registered()
	err = s.DB.InSnapshot(ctx, func(rt *store.ReadTx) error {
		var err error
		if a.Interactions, err = rowMaps(ctx, rt, `SELECT i.id, i.occurred_on, i.channel, i.summary, i.notes, i.outcome, i.created_at, i.updated_at
			FROM interactions i JOIN interaction_members im ON im.interaction_id = i.id WHERE im.member_id = ? ORDER BY i.occurred_on, i.id`, id); err != nil {
			return fmt.Errorf("interactions: %w", err)
		}
		if a.Sessions, err = rowMaps(ctx, rt, `SELECT s.id AS session_id, p.title AS programme, s.title, a.occurrence_start, a.role, a.attended, a.note
			FROM session_attendance a JOIN programme_sessions s ON s.id = a.session_id JOIN programmes p ON p.id = s.programme_id
			WHERE a.member_id = ? ORDER BY a.occurrence_start, s.id`, id); err != nil {
			return fmt.Errorf("sessions: %w", err)
		}
		if a.Merges, err = rowMaps(ctx, rt, `SELECT id, kept_id, dropped_id, kept_name, dropped_name, merged_at, actor, before_rows, after_rows, undone_at
			FROM member_merges WHERE kept_id = ? OR dropped_id = ? ORDER BY id`, id, id); err != nil {
			return fmt.Errorf("merges: %w", err)
		}
		rows, err := rt.Query(ctx, `SELECT id, at, COALESCE(user_id, 0), actor, entity, COALESCE(entity_id, 0), entity_name, action, summary
			FROM audit_log WHERE entity IN ('member', 'key_member') AND entity_id = ? ORDER BY id`, id)
		if err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		defer rows.Close()
		a.Audit = []audit.Entry{}
		for rows.Next() {
			var e audit.Entry
			var at int64
			if err := rows.Scan(&e.ID, &at, &e.UserID, &e.Actor, &e.Entity, &e.EntityID, &e.EntityName, &e.Action, &e.Summary); err != nil {
				return err
			}
			e.At = store.UnixTime(at)
			a.Audit = append(a.Audit, e)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, sec := range sections {
			v, err := sec.fn(ctx, rt, p)
			if err != nil {
				return fmt.Errorf("%s: %w", sec.name, err)
			}
			if a.Sections == nil {
				a.Sections = map[string]any{}
			}
			a.Sections[sec.name] = v
		}
		return nil
	})
	if err != nil {
		return Access{}, store.Wrap(err, "Could not gather the member's data.")
	}
	return a, nil
}

// WriteJSON writes a as indented JSON.
func (a Access) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(a)
}

// rowMaps reads every row of a query as column name to value.
func rowMaps(ctx context.Context, q store.Querier, query string, args ...any) ([]map[string]any, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	out := []map[string]any{}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		r := make(map[string]any, len(cols))
		for i, c := range cols {
			if b, ok := vals[i].([]byte); ok {
				vals[i] = string(b)
			}
			r[c] = vals[i]
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
