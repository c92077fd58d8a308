package members

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
)

// CreateBatch stores many new members in one transaction, for the demo data
// and imports: either every member is stored or none is. Every record is
// validated before anything is written; problems come back as one Invalid
// error whose fields carry the record's index ("members[12].orcid"). It
// returns the new ids in the order of ms. Each member gets its own "create"
// audit entry, so their history starts where it should.
func (s *Service) CreateBatch(ctx context.Context, ms []Member) ([]int64, error) {
	var fe apperr.FieldErrors
	clean := make([]Member, len(ms))
	for i, m := range ms {
		c, problems := normalise(m)
		for field, msg := range problems {
			fe.Add(fmt.Sprintf("members[%d].%s", i, field), "%s", msg)
		}
		clean[i] = c
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	if len(clean) == 0 {
		return []int64{}, nil
	}
	now := s.now()
	ids := make([]int64, 0, len(clean))
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := s.checkBlocked(ctx, tx, clean, true); err != nil {
			return err
		}
		// One prepared statement per table, reused for every row: the
		// fastest way into SQLite, and fewer parses on PostgreSQL.
		insert, err := tx.Prepare(ctx, insertMemberSQL+" RETURNING id")
		if err != nil {
			return err
		}
		defer insert.Close()
		children := make([]*sql.Stmt, len(childTables))
		for i, t := range childTables {
			if children[i], err = tx.Prepare(ctx, t.insertSQL(1)); err != nil {
				return err
			}
			defer children[i].Close()
		}
		next, err := mergedIDFloor(ctx, tx)
		if err != nil {
			return err
		}
		for _, m := range clean {
			var id int64
			args := append(rowValues(m, now), now.Unix())
			if next > 0 {
				// Only the first needs it: the ones after follow it.
				id, err = tx.Insert(ctx, insertMemberWithIDSQL, append([]any{next}, args...)...)
				next = 0
			} else {
				err = insert.QueryRowContext(ctx, args...).Scan(&id)
			}
			if err != nil {
				return err
			}
			for i, t := range childTables {
				for _, row := range t.rows(id, &m) {
					if _, err := children[i].ExecContext(ctx, row...); err != nil {
						return err
					}
				}
			}
			if err := audit.Record(ctx, tx, now, audit.Change{Entity: entity, EntityID: id,
				Action: "create", Summary: "Added " + m.Name}); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		return nil, store.Wrap(err, "Could not save the members; none were added.")
	}
	return ids, nil
}
