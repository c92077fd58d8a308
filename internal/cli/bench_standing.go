package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/bench"
	"github.com/trellis-community/trellis/internal/store"
)

// benchRederive times re-deriving every member's participation standing
// (mode, pathway, engagement, stage) from all their activities, twice: the
// first pass writes every row that changed (all of them after a change of
// rules), the second finds nothing to write, as the daily pass mostly does.
// Then 1,000 new activities spread over 1,000 members and the
// re-derivation of only those members, as Ingest does after its commit.
// The target in issue 11: under 5 s for 100,000 members and 5,000,000
// activities on SQLite, and milliseconds for the 1,000. Each figure comes
// with this process's CPU time: on a shared machine the wall clock
// measures the neighbours too (PostgreSQL's own CPU is not counted). Last,
// the figures over time are rebuilt (timed too), so that the reading phase
// reads them whole.
func (e *env) benchRederive(ctx context.Context, a *app.App) error {
	for _, what := range []string{"", " again"} {
		cpu0 := bench.CPUTime()
		res, err := a.Participation.RederiveAll(ctx, true)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Re-derived the standing of %d members%s from %d activities in %s, %d readers (%s): %s of CPU, %d rows written.\n",
			res.Members, what, res.Activities, res.Took.Round(time.Millisecond), res.Readers, a.DB.Dialect,
			(bench.CPUTime() - cpu0).Round(time.Millisecond), res.Written)
	}
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
	start, cpu0 := time.Now(), bench.CPUTime()
	if err := a.Participation.Rederive(ctx, ids...); err != nil {
		return err
	}
	took, cpu := time.Since(start), bench.CPUTime()-cpu0
	fmt.Fprintf(e.stdout, "Re-derived the %d members that %d new activities touched in %s (%s): %s of CPU.\n",
		len(ids), len(ids), took.Round(time.Microsecond), a.DB.Dialect, cpu.Round(time.Microsecond))
	// A batch that touched more members than are rolled up as it comes
	// leaves the figures over time to the background job, which the passes
	// above would leave unqueued (they take the change of rules it waits
	// for): rebuild them here, as that job does, so that the pages are read
	// with every activity counted rather than the figures from before.
	start, cpu0 = time.Now(), bench.CPUTime()
	if err := a.Participation.RollUpAll(ctx); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Rebuilt the participation figures over time in %s (%s): %s of CPU.\n",
		time.Since(start).Round(time.Millisecond), a.DB.Dialect, (bench.CPUTime() - cpu0).Round(time.Millisecond))
	return nil
}
