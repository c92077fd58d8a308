package contentaudit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
)

// SetNotes replaces a saved audit's notes on the whole. It fails with
// NotFound for an unknown id and Invalid naming "notes" for notes that are
// not text or too long.
func (s *Service) SetNotes(ctx context.Context, id int64, notes string) error {
	var fe apperr.FieldErrors
	notes = checkNote(&fe, "notes", notes)
	if err := fe.Err(); err != nil {
		return err
	}
	now := s.now()
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		period, err := periodOf(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE content_audits SET notes = ? WHERE id = ?", notes, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{Entity: entity, EntityID: id, EntityName: period,
			Action: "update", Summary: "Changed the notes on the content audit of " + period})
	})
	return store.Wrap(err, "Could not save the notes.")
}

// Decide records the manager's decision and note on the finding keyed key
// of saved audit id, replacing any before; no decision and no note clears
// it. It fails with NotFound for an unknown audit, and Invalid naming
// "key" for a finding the audit does not have, "decision" for one not in
// Decisions, or "note" for a note that is not text or too long.
func (s *Service) Decide(ctx context.Context, id int64, key string, d Decision, note string) error {
	var fe apperr.FieldErrors
	note = checkNote(&fe, "note", note)
	if !d.Valid() {
		fe.Add("decision", "choose one of act, accept, stop, revisit, or none")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	now := s.now()
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		sv, err := get(ctx, tx, id)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(sv.Findings, func(f Finding) bool { return f.Key == key }) {
			fe.Add("key", "the audit of %s has no finding %q", sv.Period, key)
			return fe.Err()
		}
		if d == Undecided && note == "" {
			_, err = tx.Exec(ctx, "DELETE FROM content_audit_notes WHERE audit_id = ? AND finding_key = ?", id, key)
		} else {
			_, err = tx.Exec(ctx, `INSERT INTO content_audit_notes (audit_id, finding_key, decision, note, updated_by, updated_at)
				VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (audit_id, finding_key) DO UPDATE SET decision = excluded.decision, note = excluded.note,
					updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
				id, key, string(d), note, userID(ctx), now.Unix())
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{Entity: entity, EntityID: id, EntityName: sv.Period, Action: "decide",
			Summary: fmt.Sprintf("Recorded “%s” on finding %s of the content audit of %s", d.Label(), key, sv.Period)})
	})
	return store.Wrap(err, "Could not save the decision.")
}

// Delete forgets a saved audit with its notes. NotFound when there is none.
func (s *Service) Delete(ctx context.Context, id int64) error {
	now := s.now()
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		period, err := periodOf(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM content_audits WHERE id = ?", id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{Entity: entity, EntityID: id, EntityName: period,
			Action: "delete", Summary: "Deleted the saved content audit of " + period})
	})
	return store.Wrap(err, "Could not delete the saved audit.")
}

// CompareSaved compares two saved audits (see Compare). It fails with
// NotFound when either does not exist and Invalid naming "with" when both
// ids are the same.
func (s *Service) CompareSaved(ctx context.Context, a, b int64) (Comparison, error) {
	if a == b {
		var fe apperr.FieldErrors
		fe.Add("with", "choose another saved audit to compare with")
		return Comparison{}, fe.Err()
	}
	x, err := s.Get(ctx, a)
	if err != nil {
		return Comparison{}, err
	}
	y, err := s.Get(ctx, b)
	if err != nil {
		return Comparison{}, err
	}
	return Compare(x, y), nil
}

// periodOf reads the period name of saved audit id, locking nothing: the
// statements that follow in tx fail or touch nothing if it goes.
func periodOf(ctx context.Context, tx *store.Tx, id int64) (string, error) {
	var period string
	err := tx.QueryRow(ctx, "SELECT period_name FROM content_audits WHERE id = ?", id).Scan(&period)
	if errors.Is(err, sql.ErrNoRows) {
		return "", notFound(id)
	}
	return period, err
}

func userID(ctx context.Context) any {
	if a := audit.ActorFrom(ctx); a.UserID != 0 {
		return a.UserID
	}
	return nil
}
