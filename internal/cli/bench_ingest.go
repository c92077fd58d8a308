package cli

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/bench"
	"github.com/trellis-community/trellis/internal/participation"
)

// activityBatch is the size of one ingested batch, as a script would send.
const activityBatch = 100_000

// benchIngest ingests n generated activities in batches, through the same
// path POST /api/v1/activities takes (decoding JSON Lines included, HTTP
// left out), and prints the rate. The bodies are generated before the
// clock starts.
func (e *env) benchIngest(ctx context.Context, a *app.App, n int) error {
	var ids []int64
	rows, err := a.DB.Query(ctx, "SELECT id FROM members ORDER BY id LIMIT 100000")
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
	if len(ids) == 0 {
		return fmt.Errorf("bench: no members to ingest activities for")
	}
	var took time.Duration
	var total participation.Result
	run := time.Now().UnixNano() // new external ids on every run against a kept database
	for done := 0; done < n; done += activityBatch {
		size := min(activityBatch, n-done)
		body := bench.ActivityLines(ids, fmt.Sprintf("b%d-%d", run, done), size, a.Now())
		start := time.Now()
		res, err := a.Participation.Ingest(ctx, participation.Decode(bytes.NewReader(body), true), participation.SourceAPI)
		took += time.Since(start)
		if err != nil {
			return fmt.Errorf("ingest activities: %w", err)
		}
		total.Created += res.Created
		total.Existing += res.Existing
	}
	fmt.Fprintf(e.stdout, "Ingested %d activities (%d created, %d existing) in batches of up to %d in %s: %.0f activities/s (%s).\n",
		n, total.Created, total.Existing, activityBatch, took.Round(time.Millisecond), float64(n)/took.Seconds(), a.DB.Dialect)
	return nil
}
