package members

import (
	"context"
	"database/sql"
	"slices"

	"github.com/trellis-community/trellis/internal/store"
)

// chunkSize caps the ids in one IN (...) list: far below both engines'
// parameter limits, and a page is never larger.
const chunkSize = MaxLimit

// chunks splits ids, de-duplicated, into slices of at most chunkSize.
func chunks(ids []int64) [][]int64 {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	return slices.Collect(slices.Chunk(ids, chunkSize))
}

// each runs a query and calls fn for every row.
func each(ctx context.Context, q store.Querier, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
