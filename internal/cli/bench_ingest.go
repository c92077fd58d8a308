package cli

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/bench"
	"github.com/trellis-community/trellis/internal/participation"
)

// activityBatch is the size of one ingested batch, as a script would send.
const activityBatch = 100_000

// benchIngest ingests n generated activities in batches of batch, through
// the same path POST /api/v1/activities takes (decoding JSON Lines
// included, HTTP left out), and prints the rate, the rate per second of
// this process's CPU (PostgreSQL's own is not in it) and the process's
// peak memory. Half the activities name their member by email. Each body
// is written to a temporary file before the clock starts and read from it
// as a stream, as a request's body is, so a batch of millions never sits
// in memory.
func (e *env) benchIngest(ctx context.Context, a *app.App, n, batch int) error {
	var ids []int64
	var emails []string
	// An email two members share (the demo has some, for merging) names
	// neither: those members go by id.
	rows, err := a.DB.Query(ctx, `SELECT m.id, COALESCE((SELECT MIN(e.email) FROM member_emails e WHERE e.member_id = m.id AND e.is_primary
			AND NOT EXISTS (SELECT 1 FROM member_emails o WHERE o.email = e.email AND o.member_id <> m.id)), '')
		FROM members m ORDER BY m.id LIMIT 100000`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var email string
		if err := rows.Scan(&id, &email); err != nil {
			rows.Close()
			return err
		}
		ids, emails = append(ids, id), append(emails, email)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(ids) == 0 {
		return fmt.Errorf("bench: no members to ingest activities for")
	}
	f, err := os.CreateTemp("", "trellis-activities-*.jsonl")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	if pf := os.Getenv("INGEST_PROFILE"); pf != "" {
		pfile, _ := os.Create(pf)
		pprof.StartCPUProfile(pfile)
		defer pprof.StopCPUProfile()
	}
	var took, cpu time.Duration
	var total participation.Result
	run := time.Now().UnixNano() // new external ids on every run against a kept database
	for done := 0; done < n; done += batch {
		size := min(batch, n-done)
		if err := f.Truncate(0); err != nil {
			return err
		}
		if _, err := f.Seek(0, 0); err != nil {
			return err
		}
		if err := bench.WriteActivityLines(f, ids, emails, fmt.Sprintf("b%d-%d", run, done), size, a.Now()); err != nil {
			return err
		}
		if _, err := f.Seek(0, 0); err != nil {
			return err
		}
		start, cpu0 := time.Now(), bench.CPUTime()
		res, err := a.Participation.Ingest(ctx, participation.Decode(bufio.NewReaderSize(f, 64<<10), true), participation.SourceAPI)
		took, cpu = took+time.Since(start), cpu+bench.CPUTime()-cpu0
		if err != nil {
			return fmt.Errorf("ingest activities: %w", err)
		}
		total.Created += res.Created
		total.Existing += res.Existing
	}
	memory := "unknown here"
	if peak, err := bench.PeakRSS(0); err == nil {
		memory = fmt.Sprintf("%d MB", peak>>20)
	}
	fmt.Fprintf(e.stdout, "Ingested %d activities (%d created, %d existing) in batches of up to %d in %s: %.0f activities/s, %.0f per CPU-second of this process; peak memory %s (%s).\n",
		n, total.Created, total.Existing, batch, took.Round(time.Millisecond), float64(n)/took.Seconds(), float64(n)/cpu.Seconds(), memory, a.DB.Dialect)
	return nil
}
