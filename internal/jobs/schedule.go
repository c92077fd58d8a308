package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/trellis-community/trellis/internal/store"
)

// Schedule enqueues each periodic kind (see Every) for the current period,
// unless some instance already did: the period's start is the job's
// dedupe key, so however many instances call it, each period gets one job.
// A period's job runs at its start, or at once when an instance comes up
// later in the period.
func (q *Queue) Schedule(ctx context.Context) error {
	q.mu.RLock()
	ps := append([]periodic(nil), q.periodic...)
	q.mu.RUnlock()
	now := q.now()
	for _, p := range ps {
		start := now.Truncate(p.interval).UTC()
		_, created, err := q.Enqueue(ctx, p.kind, nil, EnqueueOptions{
			RunAt:     start,
			DedupeKey: "every " + p.interval.String() + " from " + start.Format(time.RFC3339),
		})
		if err != nil {
			return fmt.Errorf("schedule %s: %w", p.kind, err)
		}
		if created {
			q.log.Debug("jobs: scheduled", slog.String("kind", p.kind), slog.Time("period", start))
		}
	}
	return nil
}

// scheduleLoop calls Schedule now and then every minute (or every period,
// when shorter).
func (q *Queue) scheduleLoop(ctx context.Context) {
	every := time.Minute
	q.mu.RLock()
	for _, p := range q.periodic {
		every = min(every, p.interval)
	}
	n := len(q.periodic)
	q.mu.RUnlock()
	if n == 0 {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := q.Schedule(ctx); err != nil && ctx.Err() == nil {
			q.log.Warn("jobs: schedule", slog.String("err", err.Error()))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Prune deletes finished jobs: done ones older than keepDone, failed ones
// older than keepFailed (kept longer, for owners to look into). It returns
// how many went.
func (q *Queue) Prune(ctx context.Context, keepDone, keepFailed time.Duration) (int64, error) {
	now := q.now()
	var n int64
	err := q.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM jobs WHERE (status = 'done' AND finished_at < ?) OR (status = 'failed' AND finished_at < ?)`,
			now.Add(-keepDone).Unix(), now.Add(-keepFailed).Unix())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("prune jobs: %w", err)
	}
	return n, nil
}
