package imports

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
)

// FieldSource says where one field of a member got its value.
type FieldSource struct {
	Field  string    // member JSON name: "affiliation", "emails", "custom_fields" ...
	Source string    // members.SourceManual or members.SourceImport
	RunID  int64     // the import run, for SourceImport
	File   string    // the run's file
	At     time.Time // when
}

// Provenance is where a member's values came from: the fields changed
// since they were created, one by one, and for every other field the
// member's creation, by an import run (CreatedBy) or by hand.
type Provenance struct {
	Fields      []FieldSource
	CreatedBy   int64 // the import run that created the member, 0 when made by hand
	CreatedFile string
	CreatedAt   time.Time
}

// Provenance returns where member id's values came from; NotFound when
// there is no such member.
func (s *Service) Provenance(ctx context.Context, id int64) (Provenance, error) {
	var p Provenance
	var created int64
	err := s.DB.QueryRow(ctx, "SELECT created_at FROM members WHERE id = ?", id).Scan(&created)
	if errors.Is(err, sql.ErrNoRows) {
		return p, apperr.NotFoundf("There is no member with id %d.", id)
	}
	if err != nil {
		return p, store.Wrap(err, "Could not load where the member's values came from.")
	}
	p.CreatedAt = store.UnixTime(created)
	err = s.DB.QueryRow(ctx, `SELECT r.id, r.file_name FROM import_changes c JOIN import_runs r ON r.id = c.run_id
		WHERE c.member_id = ? AND c.action = 'created' AND r.status = 'done' ORDER BY r.id LIMIT 1`, id).Scan(&p.CreatedBy, &p.CreatedFile)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return p, store.Wrap(err, "Could not load where the member's values came from.")
	}
	rows, err := s.DB.Query(ctx, `SELECT f.field, f.source, COALESCE(f.run_id, 0), COALESCE(r.file_name, ''), f.at
		FROM member_field_sources f LEFT JOIN import_runs r ON r.id = f.run_id WHERE f.member_id = ? ORDER BY f.field`, id)
	if err != nil {
		return p, store.Wrap(err, "Could not load where the member's values came from.")
	}
	defer rows.Close()
	for rows.Next() {
		var f FieldSource
		var at int64
		if err := rows.Scan(&f.Field, &f.Source, &f.RunID, &f.File, &at); err != nil {
			return p, store.Wrap(err, "Could not load where the member's values came from.")
		}
		f.At = store.UnixTime(at)
		p.Fields = append(p.Fields, f)
	}
	return p, store.Wrap(rows.Err(), "Could not load where the member's values came from.")
}

// Manual reports whether a source is a person's edit.
func (f FieldSource) Manual() bool { return f.Source == members.SourceManual }
