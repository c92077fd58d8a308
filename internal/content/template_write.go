package content

import (
	"context"
	"fmt"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// CreateTemplate stores a new campaign template. Errors are Invalid
// naming the field: name (required, unique), description, entries (none,
// or too many) and entries[i].kind, entries[i].channel,
// entries[i].channel_label, entries[i].title_pattern,
// entries[i].offset_days, and for session entries
// entries[i].programme_kind, entries[i].start_time, entries[i].time_zone,
// entries[i].duration_minutes.
func (s *Service) CreateTemplate(ctx context.Context, in TemplateInput) (Template, error) {
	return s.saveTemplate(ctx, 0, in)
}

// UpdateTemplate replaces template id's name, description and entries.
// Items a template planned before stay as they are. Errors as for
// CreateTemplate, and NotFound.
func (s *Service) UpdateTemplate(ctx context.Context, id int64, in TemplateInput) (Template, error) {
	return s.saveTemplate(ctx, id, in)
}

func (s *Service) saveTemplate(ctx context.Context, id int64, in TemplateInput) (Template, error) {
	in.normalize()
	var fe apperr.FieldErrors
	in.check(&fe)
	s.checkSessionKinds(in.Entries, &fe)
	if err := fe.Err(); err != nil {
		return Template{}, err
	}
	var out Template
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var taken int64
		err := tx.QueryRow(ctx, "SELECT id FROM content_templates WHERE lower(name) = lower(?) AND id <> ?", in.Name, id).Scan(&taken)
		switch {
		case err == nil:
			return (&apperr.FieldErrors{"name": "another template is called that"}).Err()
		case !isNoRows(err):
			return err
		}
		now := s.now().Unix()
		action := "update"
		if id == 0 {
			action = "create"
			id, err = tx.Insert(ctx, "INSERT INTO content_templates (name, description, created_at, updated_at) VALUES (?, ?, ?, ?)",
				in.Name, in.Description, now, now)
			if err != nil {
				return err
			}
		} else {
			res, err := tx.Exec(ctx, "UPDATE content_templates SET name = ?, description = ?, updated_at = ? WHERE id = ?",
				in.Name, in.Description, now, id)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				if err != nil {
					return err
				}
				return apperr.NotFoundf("Campaign template not found.")
			}
			if _, err := tx.Exec(ctx, "DELETE FROM content_template_entries WHERE template_id = ?", id); err != nil {
				return err
			}
		}
		for i, e := range in.Entries {
			if _, err := tx.Exec(ctx, `INSERT INTO content_template_entries (template_id, position, kind, channel,
				channel_label, title_pattern, offset_days, programme_kind, programme_id, start_time, time_zone,
				duration_minutes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				id, i, string(e.Kind), string(e.Channel), e.ChannelLabel, e.TitlePattern, e.OffsetDays,
				e.ProgrammeKind, e.ProgrammeID, e.StartTime, e.TimeZone, e.DurationMinutes); err != nil {
				return err
			}
		}
		verb := map[string]string{"create": "Added", "update": "Updated"}[action]
		if err := s.record(ctx, tx, "content_template", id, in.Name, action,
			fmt.Sprintf("%s the campaign template “%s” (%d entries)", verb, in.Name, len(in.Entries))); err != nil {
			return err
		}
		out, err = getTemplate(ctx, tx, id)
		return err
	})
	if err != nil {
		return Template{}, store.Wrap(err, "Could not save the campaign template.")
	}
	return out, nil
}

// DeleteTemplate removes template id; the items it planned stay.
// NotFound when there is none.
func (s *Service) DeleteTemplate(ctx context.Context, id int64) error {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		t, err := getTemplate(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM content_templates WHERE id = ?", id); err != nil {
			return err
		}
		return s.record(ctx, tx, "content_template", id, t.Name, "delete", fmt.Sprintf("Deleted the campaign template “%s”", t.Name))
	})
	return store.Wrap(err, "Could not delete the campaign template.")
}
