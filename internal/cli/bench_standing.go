package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/store"
)

// benchRederive times re-deriving every member's participation standing
// (mode, pathway, engagement, stage) from all their activities, then 1,000
// new activities spread over 1,000 members and the re-derivation of only
// those members, as Ingest does after its commit. The target in issue 11:
// under 5 s for 100,000 members and 5,000,000 activities on SQLite, and
// milliseconds for the 1,000.
func (e *env) benchRederive(ctx context.Context, a *app.App) error {
	res, err := a.Participation.RederiveAll(ctx, true)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Re-derived the standing of %d members from %d activities in %s, %d readers (%s).\n",
		res.Members, res.Activities, res.Took.Round(time.Millisecond), res.Readers, a.DB.Dialect)
	var ids []int64
	rows, err := a.DB.Query(ctx, "SELECT id FROM members WHERE id % 97 = 0 ORDER BY id LIMIT 1000")
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	at := a.Now().Add(-time.Hour).Unix()
	if err := a.DB.InTx(ctx, func(tx *store.Tx) error {
		for _, id := range ids {
			if _, err := tx.Exec(ctx, "INSERT INTO activities (member_id, kind, source, occurred_at, created_at) VALUES (?, 'answered_question', 'bench', ?, ?)", id, at, at); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	start := time.Now()
	if err := a.Participation.Rederive(ctx, ids...); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Re-derived the %d members that %d new activities touched in %s (%s).\n",
		len(ids), len(ids), time.Since(start).Round(time.Microsecond), a.DB.Dialect)
	return nil
}
