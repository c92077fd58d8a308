package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"
)

var (
	errLeaseLost = errors.New("another instance took the job over after its lease ran out")
	errShutdown  = errors.New("Trellis is shutting down")
)

// Run works on due jobs with Options.Workers workers and enqueues periodic
// jobs, until ctx ends. Then it gives running jobs Options.Grace to finish,
// puts back those that do not, and returns.
func (q *Queue) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for range q.opt.Workers {
		wg.Go(func() { q.work(ctx) })
	}
	wg.Go(func() { q.scheduleLoop(ctx) })
	wg.Wait()
}

func (q *Queue) work(ctx context.Context) {
	for ctx.Err() == nil {
		ran, err := q.RunNext(ctx)
		if err != nil && ctx.Err() == nil {
			q.log.Warn("jobs: claim", slog.String("err", err.Error()))
		}
		if ran && err == nil {
			continue
		}
		// A little jitter keeps instances that started together from
		// polling in step.
		wait := q.opt.Poll + rand.N(q.opt.Poll/4+1)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
		case <-q.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// RunNext claims one due job and runs it to the end, returning false when
// no job was due. Errors are about the queue itself; a job's own failure
// is recorded on the job.
func (q *Queue) RunNext(ctx context.Context) (bool, error) {
	c, err := q.claim(ctx)
	if err != nil || c == nil {
		return false, err
	}
	q.run(ctx, c)
	return true, nil
}

// run calls the handler while a heartbeat keeps the lease, then records
// the outcome. When ctx ends the handler gets Options.Grace to finish.
func (q *Queue) run(ctx context.Context, c *claimed) {
	log := q.log.With(slog.Int64("job", c.id), slog.String("kind", c.kind), slog.Int("attempt", c.attempts))
	if c.attempts > c.maxAttempts {
		// Only a job whose instance died on its last attempt gets here.
		err := fmt.Errorf("attempt %d stopped unfinished (its instance let the lease run out) and no attempts are left", c.attempts-1)
		if _, _, err := q.markFailed(ctx, c, Permanent(err)); err != nil {
			log.Warn("jobs: record failure", slog.String("err", err.Error()))
		}
		return
	}
	h, ok := q.handler(c.kind)
	if !ok { // unregistered since the claim; only in tests
		_, _ = q.release(ctx, c)
		return
	}

	hctx, cancel := context.WithCancelCause(context.WithoutCancel(ctx))
	defer cancel(nil)
	done := make(chan struct{})
	var beat sync.WaitGroup
	beat.Go(func() { q.heartbeat(ctx, hctx, cancel, c, done, log) })

	start := time.Now()
	err := call(hctx, h, json.RawMessage(c.payload))
	close(done)
	beat.Wait()

	switch cause := context.Cause(hctx); {
	case errors.Is(cause, errLeaseLost):
		log.Warn("jobs: lost the lease; another instance runs the job now")
		return
	case err != nil && errors.Is(cause, errShutdown):
		if _, rerr := q.release(ctx, c); rerr != nil {
			log.Warn("jobs: put back on shutdown", slog.String("err", rerr.Error()))
		}
		log.Info("jobs: put back unfinished for another instance")
		return
	}
	if err == nil {
		if ok, derr := q.markDone(ctx, c); derr != nil || !ok {
			log.Warn("jobs: record success", slog.Any("err", derr), slog.Bool("claim_held", ok))
		}
		log.Info("jobs: done", slog.Duration("took", time.Since(start)))
		return
	}
	retry, ok, ferr := q.markFailed(ctx, c, err)
	if ferr != nil || !ok {
		log.Warn("jobs: record failure", slog.Any("err", ferr), slog.Bool("claim_held", ok))
	}
	log.Warn("jobs: attempt failed", slog.String("err", err.Error()), slog.Bool("will_retry", retry))
}

// call runs h, turning a panic into the attempt's error so one bad job
// cannot take the instance down.
func call(ctx context.Context, h Handler, payload json.RawMessage) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return h(ctx, payload)
}

// heartbeat renews the lease every Lease/3 until done is closed. It
// cancels the handler when the lease is lost, or Grace after ctx (the
// instance) ends.
func (q *Queue) heartbeat(ctx, hctx context.Context, cancel context.CancelCauseFunc, c *claimed, done <-chan struct{}, log *slog.Logger) {
	t := time.NewTicker(q.opt.Lease / 3)
	defer t.Stop()
	stopping := ctx.Done()
	var grace <-chan time.Time
	for {
		select {
		case <-done:
			return
		case <-stopping:
			stopping = nil
			g := time.NewTimer(q.opt.Grace)
			defer g.Stop()
			grace = g.C
		case <-grace:
			grace = nil
			cancel(errShutdown)
		case <-t.C:
			ok, err := q.renew(hctx, c)
			if err != nil {
				// A database hiccup: try again at the next beat; the lease
				// has two more beats of room.
				log.Warn("jobs: renew lease", slog.String("err", err.Error()))
				continue
			}
			if !ok {
				cancel(errLeaseLost)
			}
		}
	}
}
