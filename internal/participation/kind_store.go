package participation

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
)

const kindColumns = "key, label, mode, weight, why, builtin, position"

func scanKind(sc interface{ Scan(...any) error }) (Kind, error) {
	var k Kind
	err := sc.Scan(&k.Key, &k.Label, &k.Mode, &k.Weight, &k.Why, &k.Builtin, &k.Position)
	return k, err
}

// Kinds lists every activity kind in the order the UI shows them: the
// default mapping first, then the ones a manager added.
func (s *Service) Kinds(ctx context.Context) ([]Kind, error) {
	return listKinds(ctx, s.DB)
}

func listKinds(ctx context.Context, q store.Querier) ([]Kind, error) {
	rows, err := q.Query(ctx, "SELECT "+kindColumns+" FROM activity_kinds ORDER BY position, key")
	if err != nil {
		return nil, store.Wrap(err, "Could not list the activity kinds.")
	}
	defer rows.Close()
	out := []Kind{}
	for rows.Next() {
		k, err := scanKind(rows)
		if err != nil {
			return nil, store.Wrap(err, "Could not list the activity kinds.")
		}
		out = append(out, k)
	}
	return out, store.Wrap(rows.Err(), "Could not list the activity kinds.")
}

// Kind returns the kind with key, or NotFound.
func (s *Service) Kind(ctx context.Context, key string) (Kind, error) {
	k, err := scanKind(s.DB.QueryRow(ctx, "SELECT "+kindColumns+" FROM activity_kinds WHERE key = ?", key))
	if errors.Is(err, sql.ErrNoRows) {
		return Kind{}, apperr.NotFoundf("There is no activity kind %q.", key)
	}
	return k, store.Wrap(err, "Could not load the activity kind.")
}

// UpdateKind changes kind key's label, mode, weight and why, for writers.
// Invalid names the field; NotFound when there is no such kind. After the
// change commits it runs RulesChanged.
func (s *Service) UpdateKind(ctx context.Context, key string, in KindInput) (Kind, error) {
	in.normalize()
	var fe apperr.FieldErrors
	in.check(&fe, false)
	if err := fe.Err(); err != nil {
		return Kind{}, err
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		old, err := scanKind(tx.QueryRow(ctx, "SELECT "+kindColumns+" FROM activity_kinds WHERE key = ?", key))
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("There is no activity kind %q.", key)
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE activity_kinds SET label = ?, mode = ?, weight = ?, why = ?, updated_at = ? WHERE key = ?",
			in.Label, string(in.Mode), in.Weight, in.Why, s.now().Unix(), key); err != nil {
			return err
		}
		summary := fmt.Sprintf("Changed activity kind %s: %s %d (was %s %d)", key, in.Mode.Label(), in.Weight, old.Mode.Label(), old.Weight)
		return audit.Record(ctx, tx, s.now(), audit.Change{Entity: "activity_kind", EntityName: in.Label, Action: "update", Summary: summary})
	})
	if err != nil {
		return Kind{}, store.Wrap(err, "Could not save the activity kind.")
	}
	return s.afterKindChange(ctx, key)
}

// AddKind adds a kind after the others, for writers. Invalid names the
// field; a key already taken is Invalid on "key". After the change
// commits it runs RulesChanged.
func (s *Service) AddKind(ctx context.Context, in KindInput) (Kind, error) {
	in.normalize()
	var fe apperr.FieldErrors
	in.check(&fe, true)
	if err := fe.Err(); err != nil {
		return Kind{}, err
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM activity_kinds WHERE key = ?", in.Key).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			fe.Add("key", "is already the key of another kind")
			return fe.Err()
		}
		if _, err := tx.Exec(ctx, `INSERT INTO activity_kinds (key, label, mode, weight, why, position, updated_at)
			VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM activity_kinds), ?)`,
			in.Key, in.Label, string(in.Mode), in.Weight, in.Why, s.now().Unix()); err != nil {
			return err
		}
		summary := fmt.Sprintf("Added activity kind %s: %s %d", in.Key, in.Mode.Label(), in.Weight)
		return audit.Record(ctx, tx, s.now(), audit.Change{Entity: "activity_kind", EntityName: in.Label, Action: "create", Summary: summary})
	})
	if err != nil {
		return Kind{}, store.Wrap(err, "Could not add the activity kind.")
	}
	return s.afterKindChange(ctx, in.Key)
}

// afterKindChange runs the RulesChanged seam and returns the kind as saved.
func (s *Service) afterKindChange(ctx context.Context, key string) (Kind, error) {
	k, err := s.Kind(ctx, key)
	if err != nil {
		return Kind{}, err
	}
	if s.RulesChanged != nil {
		if err := s.RulesChanged(ctx); err != nil {
			return k, fmt.Errorf("after changing activity kind %s: %w", key, err)
		}
	}
	return k, nil
}
