package imports

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
)

// Undo takes a finished import back: the members it created are removed
// and the members it changed get back what they had, field sources
// included. It is refused (Conflict, saying why) when anything newer
// depends on the run: a later import that changed the same members, any
// change to those members since, or anything recorded for a member it
// created (an interaction, an attendance, an activity).
func (s *Service) Undo(ctx context.Context, id int64) (Run, error) {
	now := s.now()
	var unplaced []int64 // members whose activities from the run the undo removes
	err := s.DB.InBulkTx(ctx, func(tx *store.Tx) error {
		var st Status
		var file string
		err := tx.QueryRow(ctx, "SELECT status, file_name FROM import_runs WHERE id = ?"+tx.ForUpdate(), id).Scan(&st, &file)
		if err == sql.ErrNoRows {
			return apperr.NotFoundf("There is no import with id %d.", id)
		}
		if err != nil {
			return err
		}
		if st != Done {
			return apperr.New(apperr.Conflict, "Import %d is %s: only a finished import can be undone.", id, st)
		}
		var later int64
		err = tx.QueryRow(ctx, `SELECT COALESCE(MIN(b.run_id), 0) FROM import_changes a
			JOIN import_changes b ON b.member_id = a.member_id AND b.run_id > a.run_id
			JOIN import_runs r ON r.id = b.run_id AND r.status = 'done'
			WHERE a.run_id = ?`, id).Scan(&later)
		if err != nil {
			return err
		}
		if later != 0 {
			return apperr.New(apperr.Conflict, "Import %d changed the same members since: undo it first.", later)
		}
		// First, so the members it created no longer have the attendance.
		if err := s.undoAttendance(ctx, tx, id); err != nil {
			return err
		}
		changed, err := names(ctx, tx, `SELECT c.member_id, COALESCE(m.name, '') FROM import_changes c
			LEFT JOIN members m ON m.id = c.member_id
			WHERE c.run_id = ? AND (m.id IS NULL OR m.version <> c.version_after) ORDER BY c.member_id LIMIT 5`, id)
		if err != nil {
			return err
		}
		if len(changed) > 0 {
			return apperr.New(apperr.Conflict, "Members this import wrote have changed since (%s): undoing it would lose those changes.", strings.Join(changed, ", "))
		}
		if unplaced, err = s.removeActivities(ctx, tx, id); err != nil {
			return err
		}
		if s.Members != nil {
			for _, t := range s.Members.MergeTables {
				for _, col := range t.MemberColumns {
					used, err := names(ctx, tx, `SELECT c.member_id, m.name FROM import_changes c JOIN members m ON m.id = c.member_id
						WHERE c.run_id = ? AND c.action = 'created' AND EXISTS (SELECT 1 FROM `+t.Name+` t WHERE t.`+col+` = c.member_id)
						ORDER BY c.member_id LIMIT 5`, id)
					if err != nil {
						return err
					}
					if len(used) > 0 {
						return apperr.New(apperr.Conflict, "Members this import created have records of their own since (%s, in %s): undoing it would delete them.",
							strings.Join(used, ", "), t.Name)
					}
				}
			}
		}
		if err := s.restoreUpdated(ctx, tx, id); err != nil {
			return err
		}
		if err := s.noteUndone(ctx, tx, id); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, "DELETE FROM members WHERE id IN (SELECT member_id FROM import_changes WHERE run_id = ? AND action = 'created')", id)
		if err != nil {
			return err
		}
		removed, _ := res.RowsAffected()
		a := audit.ActorFrom(ctx)
		var by any
		if a.UserID != 0 {
			by = a.UserID
		}
		if _, err := tx.Exec(ctx, "UPDATE import_runs SET status = ?, undone_at = ?, undone_by = ? WHERE id = ?", string(Undone), now.Unix(), by, id); err != nil {
			return err
		}
		// The members it created are gone: their pairs leave the queue.
		if _, err := tx.Exec(ctx, "UPDATE import_reviews SET settled = 'undone', settled_at = ?, settled_by = ? WHERE run_id = ? AND settled = ''",
			now.Unix(), by, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{Entity: "import", EntityID: id, EntityName: file, Action: "undo",
			Summary: fmt.Sprintf("Undid the import of %s: removed %d members it created and restored the ones it changed", file, removed)})
	})
	if err != nil {
		return Run{}, store.Wrap(err, "Could not undo the import.")
	}
	s.activitiesChanged(ctx, id, unplaced)
	return s.Get(ctx, id)
}

// restoreUpdated puts back the members run id changed as they were, and
// where their fields came from.
func (s *Service) restoreUpdated(ctx context.Context, tx *store.Tx, id int64) error {
	rows, err := tx.Query(ctx, "SELECT member_id, before FROM import_changes WHERE run_id = ? AND action = 'updated' ORDER BY member_id", id)
	if err != nil {
		return err
	}
	priors := map[int64]before{}
	var ids []int64
	for rows.Next() {
		var mid int64
		var js sql.NullString
		if err := rows.Scan(&mid, &js); err != nil {
			rows.Close()
			return err
		}
		var b before
		if err := json.Unmarshal([]byte(js.String), &b); err != nil {
			rows.Close()
			return fmt.Errorf("member %d: %w", mid, err)
		}
		priors[mid] = b
		ids = append(ids, mid)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	cur, err := members.LoadTx(ctx, tx, ids)
	if err != nil {
		return err
	}
	now := s.now()
	for _, m := range cur {
		b := priors[m.ID]
		if _, err := members.RewriteTx(ctx, tx, m, b.Member, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM member_field_sources WHERE member_id = ?", m.ID); err != nil {
			return err
		}
		for _, fs := range b.Sources {
			var run any
			if fs.RunID != 0 {
				run = fs.RunID
			}
			if _, err := tx.Exec(ctx, "INSERT INTO member_field_sources (member_id, field, source, run_id, at) VALUES (?, ?, ?, ?, ?)",
				m.ID, fs.Field, fs.Source, run, fs.At); err != nil {
				return err
			}
		}
	}
	return nil
}

// names runs a query of (id, name) rows and returns them as "name (#id)".
func names(ctx context.Context, tx *store.Tx, query string, args ...any) ([]string, error) {
	rows, err := tx.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		if name == "" {
			name = "deleted"
		}
		out = append(out, fmt.Sprintf("%s (#%d)", name, id))
	}
	return out, rows.Err()
}

// noteUndone tells members' other capabilities (the Changed seam) about
// every member run id changed or created, before those it created go.
func (s *Service) noteUndone(ctx context.Context, tx *store.Tx, id int64) error {
	rows, err := tx.Query(ctx, "SELECT DISTINCT member_id FROM import_changes WHERE run_id = ?", id)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var mid int64
		if err := rows.Scan(&mid); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, mid)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return s.Members.NoteChanged(ctx, tx, ids)
}
