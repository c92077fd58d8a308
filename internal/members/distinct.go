package members

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
)

// "Not the same person": a manager looked at two records the duplicate
// check paired and decided they are two people (two Marguerite Lindqvists
// exist). The decision is kept, so the warning does not come back at every
// later check, and can be taken back with UnmarkDistinct.

// MarkDistinct records that members a and b are different people, with an
// audit entry on both. Marking a pair twice changes nothing. Invalid when
// a == b, NotFound when either member does not exist.
func (s *Service) MarkDistinct(ctx context.Context, a, b int64) error {
	if a == b {
		return apperr.New(apperr.Invalid, "A member is always the same person as themselves.")
	}
	low, high := min(a, b), max(a, b)
	now := s.now()
	actor := audit.ActorFrom(ctx)
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		names, err := memberNames(ctx, tx, a, b)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM member_distinct_pairs WHERE member_low = ? AND member_high = ?",
			low, high).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			// Already decided: the hooks still hear it, so a queue that
			// missed the first decision catches up.
			return s.runDistinctHooks(ctx, tx, a, b, true)
		}
		var by any
		if actor.UserID != 0 {
			by = actor.UserID
		}
		if _, err := tx.Exec(ctx, `INSERT INTO member_distinct_pairs (member_low, member_high, decided_by, actor, decided_at)
			VALUES (?, ?, ?, ?, ?)`, low, high, by, actor.Name, now.Unix()); err != nil {
			return err
		}
		if err := s.runDistinctHooks(ctx, tx, a, b, true); err != nil {
			return err
		}
		return recordPair(ctx, tx, now, "not_duplicate", a, b, names,
			"Marked %s (#%d) and %s (#%d) as different people")
	})
	return store.Wrap(err, "Could not record that they are different people.")
}

// UnmarkDistinct takes back MarkDistinct: a and b may be the same person
// after all, and the duplicate check pairs them again. NotFound when the
// pair was never marked.
func (s *Service) UnmarkDistinct(ctx context.Context, a, b int64) error {
	low, high := min(a, b), max(a, b)
	now := s.now()
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, "DELETE FROM member_distinct_pairs WHERE member_low = ? AND member_high = ?", low, high)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = apperr.NotFoundf("Members %d and %d were not marked as different people.", a, b)
			}
			return err
		}
		names, err := memberNames(ctx, tx, a, b)
		if err != nil {
			return err
		}
		if err := s.runDistinctHooks(ctx, tx, a, b, false); err != nil {
			return err
		}
		return recordPair(ctx, tx, now, "maybe_duplicate", a, b, names,
			"Took back that %s (#%d) and %s (#%d) are different people")
	})
	return store.Wrap(err, "Could not take the decision back.")
}

// DistinctFrom returns the members marked as different people from id,
// by name; an empty list when there are none.
func (s *Service) DistinctFrom(ctx context.Context, id int64) ([]Member, error) {
	ids, err := distinctFrom(ctx, s.DB, id)
	if err != nil {
		return nil, store.Wrap(err, "Could not load the members.")
	}
	ms, err := loadMany(ctx, s.DB, ids)
	if err != nil {
		return nil, store.Wrap(err, "Could not load the members.")
	}
	slices.SortFunc(ms, func(x, y Member) int {
		return cmp.Or(cmp.Compare(foldKey(x.Name), foldKey(y.Name)), cmp.Compare(x.ID, y.ID))
	})
	return ms, nil
}

// distinctFrom returns the ids marked as different people from id.
func distinctFrom(ctx context.Context, q store.Querier, id int64) ([]int64, error) {
	var out []int64
	err := store.EachRow(ctx, q, `SELECT member_high FROM member_distinct_pairs WHERE member_low = ?
		UNION ALL SELECT member_low FROM member_distinct_pairs WHERE member_high = ?`, []any{id, id},
		func(rows *sql.Rows) error {
			var other int64
			err := rows.Scan(&other)
			out = append(out, other)
			return err
		})
	return out, err
}

// memberNames returns the names of members a and b, or NotFound.
func memberNames(ctx context.Context, tx *store.Tx, a, b int64) ([2]string, error) {
	var out [2]string
	for i, id := range []int64{a, b} {
		err := tx.QueryRow(ctx, "SELECT name FROM members WHERE id = ?", id).Scan(&out[i])
		if errors.Is(err, sql.ErrNoRows) {
			return out, notFound(id)
		}
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// recordPair writes the same audit entry on both members of a pair, so
// each one's history shows it.
func recordPair(ctx context.Context, tx *store.Tx, now time.Time, action string, a, b int64, names [2]string, format string) error {
	summary := fmt.Sprintf(format, names[0], a, names[1], b)
	for _, id := range []int64{a, b} {
		if err := audit.Record(ctx, tx, now, audit.Change{Entity: entity, EntityID: id, Action: action, Summary: summary}); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) runDistinctHooks(ctx context.Context, tx *store.Tx, a, b int64, distinct bool) error {
	for _, hook := range s.DistinctHooks {
		if err := hook(ctx, tx, a, b, distinct); err != nil {
			return fmt.Errorf("distinct hook: %w", err)
		}
	}
	return nil
}
