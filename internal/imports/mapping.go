package imports

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// saveMapping keeps mapping under (kind, source), replacing what was there.
func saveMapping(ctx context.Context, tx *store.Tx, kind, source string, m Mapping, now time.Time) error {
	js, err := json.Marshal(m)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO import_mappings (kind, source, mapping, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (kind, source) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`,
		kind, source, string(js), now.Unix())
	return err
}

// SaveMapping keeps the column mapping of a source ("Registrations
// sheet") so the next file from there maps itself.
func (s *Service) SaveMapping(ctx context.Context, kind, source string, m Mapping) error {
	return store.Wrap(s.DB.InTx(ctx, func(tx *store.Tx) error {
		return saveMapping(ctx, tx, kind, source, m, s.now())
	}), "Could not save the mapping.")
}

// Mapping returns the mapping saved for (kind, source), or nil.
func (s *Service) Mapping(ctx context.Context, kind, source string) (Mapping, error) {
	var js string
	err := s.DB.QueryRow(ctx, "SELECT mapping FROM import_mappings WHERE kind = ? AND source = ?", kind, source).Scan(&js)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, store.Wrap(err, "Could not load the mapping.")
	}
	var m Mapping
	if err := json.Unmarshal([]byte(js), &m); err != nil {
		return nil, store.Wrap(err, "Could not read the saved mapping.")
	}
	return m, nil
}

// Sources lists the names mappings are saved under for kind.
func (s *Service) Sources(ctx context.Context, kind string) ([]string, error) {
	rows, err := s.DB.Query(ctx, "SELECT source FROM import_mappings WHERE kind = ? ORDER BY source", kind)
	if err != nil {
		return nil, store.Wrap(err, "Could not list the saved mappings.")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var src string
		if err := rows.Scan(&src); err != nil {
			return nil, store.Wrap(err, "Could not list the saved mappings.")
		}
		out = append(out, src)
	}
	return out, store.Wrap(rows.Err(), "Could not list the saved mappings.")
}

// SetMapping records on an uploaded run the mapping (and the source it is
// saved under) its execution will use.
func (s *Service) SetMapping(ctx context.Context, id int64, source string, m Mapping) error {
	js, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return store.Wrap(s.DB.InTx(ctx, func(tx *store.Tx) error {
		if source != "" {
			var kind string
			if err := tx.QueryRow(ctx, "SELECT kind FROM import_runs WHERE id = ?", id).Scan(&kind); err != nil {
				return err
			}
			if err := saveMapping(ctx, tx, kind, source, m, s.now()); err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, "UPDATE import_runs SET mapping = ?, source = ? WHERE id = ?", string(js), source, id)
		return err
	}), "Could not save the mapping.")
}

// Start records the mapping an uploaded run will use (saving it under
// source when source is set) and queues the run in the same transaction
// as enqueue, which adds its job and returns the job's id. Only a run
// that is uploaded, checked (dry-run) or failed can start.
func (s *Service) Start(ctx context.Context, id int64, source string, m Mapping, enqueue func(tx *store.Tx) (int64, error)) error {
	js, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return store.Wrap(s.DB.InTx(ctx, func(tx *store.Tx) error {
		var kind string
		var st Status
		err := tx.QueryRow(ctx, "SELECT kind, status FROM import_runs WHERE id = ?"+tx.ForUpdate(), id).Scan(&kind, &st)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("There is no import with id %d.", id)
		}
		if err != nil {
			return err
		}
		if st != Uploaded && st != Checked && st != Failed {
			return apperr.New(apperr.Conflict, "Import %d is %s: it cannot be started again.", id, st)
		}
		if source != "" {
			if err := saveMapping(ctx, tx, kind, source, m, s.now()); err != nil {
				return err
			}
		}
		job, err := enqueue(tx)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "UPDATE import_runs SET mapping = ?, source = ?, status = ?, job_id = ? WHERE id = ?",
			string(js), source, string(Queued), job, id)
		return err
	}), "Could not start the import.")
}
