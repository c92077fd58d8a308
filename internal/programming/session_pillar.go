package programming

import (
	"context"
	"database/sql"
	"errors"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// checkPillar adds a problem on pillar_id unless id is nil or names a
// content item marked as a pillar.
func checkPillar(ctx context.Context, q store.Querier, fe *apperr.FieldErrors, id *int64) error {
	if id == nil {
		return nil
	}
	var pillar bool
	err := q.QueryRow(ctx, "SELECT is_pillar FROM content_items WHERE id = ?", *id).Scan(&pillar)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		fe.Add("pillar_id", "there is no content item #%d", *id)
	case err != nil:
		return err
	case !pillar:
		fe.Add("pillar_id", "content item #%d is not a pillar; mark it as one first", *id)
	}
	return nil
}

func samePillar(a, b *int64) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}
