package jobs_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/jobs"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestTwoInstancesRunEachJobOnce: two instances, each with its own
// connection pool and several workers, drain one queue of 200 jobs. Every
// job runs exactly once, and both instances take part.
func TestTwoInstancesRunEachJobOnce(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			dbs := handles(t, d, 2)
			var runs sync.Map // job id -> *atomic.Int32
			var byInstance [2]atomic.Int32
			qs := make([]*jobs.Queue, 2)
			for i, db := range dbs {
				q := jobs.New(db, nil, quiet, jobs.Options{Instance: []string{"a", "b"}[i], Workers: 8, Poll: 5 * time.Millisecond})
				q.Register("count", func(ctx context.Context, payload json.RawMessage) error {
					var p struct{ N int }
					if err := json.Unmarshal(payload, &p); err != nil {
						return jobs.Permanent(err)
					}
					n, _ := runs.LoadOrStore(p.N, new(atomic.Int32))
					n.(*atomic.Int32).Add(1)
					byInstance[i].Add(1)
					time.Sleep(10 * time.Millisecond)
					return nil
				})
				qs[i] = q
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			const total = 200
			for n := range total {
				if _, _, err := qs[n%2].Enqueue(ctx, "count", map[string]int{"N": n}, jobs.EnqueueOptions{}); err != nil {
					t.Fatal(err)
				}
			}
			var wg sync.WaitGroup
			for _, q := range qs {
				wg.Go(func() { q.Run(ctx) })
			}
			waitFor(t, "every job done", 60*time.Second, func() bool {
				var n int
				_ = dbs[0].QueryRow(ctx, "SELECT COUNT(*) FROM jobs WHERE status = 'done'").Scan(&n)
				return n == total
			})
			cancel()
			wg.Wait()
			for n := range total {
				c, ok := runs.Load(n)
				if !ok || c.(*atomic.Int32).Load() != 1 {
					var got int32
					if ok {
						got = c.(*atomic.Int32).Load()
					}
					t.Errorf("job %d ran %d times, want once", n, got)
				}
			}
			if byInstance[0].Load() == 0 || byInstance[1].Load() == 0 {
				t.Errorf("instances ran %d and %d jobs: one did not take part", byInstance[0].Load(), byInstance[1].Load())
			}
			t.Logf("instance a ran %d, b ran %d", byInstance[0].Load(), byInstance[1].Load())
		})
	}
}

// TestFailingJobBacksOffThenFails: each failure pushes the next attempt
// back by a growing pause, and after the last attempt the job is failed
// with its error kept for owners to read.
func TestFailingJobBacksOffThenFails(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := newClock()
		q := jobs.New(db, clk.Now, quiet, jobs.Options{})
		calls := 0
		q.Register("flaky", func(context.Context, json.RawMessage) error {
			calls++
			return errors.New("mail server unreachable")
		})
		id, _, err := q.Enqueue(ctx, "flaky", nil, jobs.EnqueueOptions{MaxAttempts: 3})
		if err != nil {
			t.Fatal(err)
		}
		for attempt := 1; attempt <= 2; attempt++ {
			if ran, err := q.RunNext(ctx); !ran || err != nil {
				t.Fatalf("attempt %d did not run: %v", attempt, err)
			}
			j := jobStatus(t, q, id)
			pause := jobs.BaseDelay << (attempt - 1)
			// run_at is whole seconds, rounded up.
			earliest, latest := clk.Now().Add(pause), clk.Now().Add(pause+pause/2+time.Second)
			if j.Status != jobs.Queued || j.Attempts != attempt || j.LastError != "mail server unreachable" {
				t.Fatalf("after attempt %d: %+v", attempt, j)
			}
			if j.RunAt.Before(earliest) || j.RunAt.After(latest) {
				t.Fatalf("after attempt %d the next runs at %v, want between %v and %v", attempt, j.RunAt, earliest, latest)
			}
			if ran, _ := q.RunNext(ctx); ran {
				t.Fatalf("attempt %d ran again before its pause was over", attempt)
			}
			clk.Advance(pause + pause/2 + time.Second)
		}
		if ran, err := q.RunNext(ctx); !ran || err != nil {
			t.Fatalf("last attempt did not run: %v", err)
		}
		j := jobStatus(t, q, id)
		if j.Status != jobs.Failed || j.Attempts != 3 || j.LastError != "mail server unreachable" || j.FinishedAt.IsZero() {
			t.Fatalf("after the last attempt: %+v", j)
		}
		clk.Advance(24 * time.Hour)
		if ran, _ := q.RunNext(ctx); ran || calls != 3 {
			t.Fatalf("a failed job ran again (%d calls)", calls)
		}
	})
}

func TestPermanentErrorAndPanicEndAttempts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		q := jobs.New(db, newClock().Now, quiet, jobs.Options{})
		q.Register("bad", func(context.Context, json.RawMessage) error {
			return jobs.Permanent(errors.New("payload names no member"))
		})
		q.Register("boom", func(context.Context, json.RawMessage) error { panic("nil map") })
		bad, _, _ := q.Enqueue(ctx, "bad", nil, jobs.EnqueueOptions{})
		boom, _, _ := q.Enqueue(ctx, "boom", nil, jobs.EnqueueOptions{MaxAttempts: 1})
		for range 2 {
			if ran, err := q.RunNext(ctx); !ran || err != nil {
				t.Fatalf("did not run: %v", err)
			}
		}
		if j := jobStatus(t, q, bad); j.Status != jobs.Failed || j.Attempts != 1 || j.LastError != "payload names no member" {
			t.Errorf("permanent error: %+v", j)
		}
		if j := jobStatus(t, q, boom); j.Status != jobs.Failed || !strings.Contains(j.LastError, "panic: nil map") {
			t.Errorf("panic: %+v", j)
		}
	})
}

func TestEnqueueRefusesWhatCannotRun(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		q := jobs.New(db, nil, quiet, jobs.Options{})
		q.Register("known", func(context.Context, json.RawMessage) error { return nil })
		if _, _, err := q.Enqueue(ctx, "unknown", nil, jobs.EnqueueOptions{}); err == nil || !strings.Contains(err.Error(), "no handler") {
			t.Errorf("unknown kind: %v", err)
		}
		if _, _, err := q.Enqueue(ctx, "known", json.RawMessage("{oops"), jobs.EnqueueOptions{}); err == nil || !strings.Contains(err.Error(), "payload") {
			t.Errorf("bad JSON payload: %v", err)
		}
		if _, _, err := q.Enqueue(ctx, "known", []int{1}, jobs.EnqueueOptions{}); err == nil || !strings.Contains(err.Error(), "payload: must be a JSON object") {
			t.Errorf("array payload: %v", err)
		}
		id, created, err := q.Enqueue(ctx, "known", nil, jobs.EnqueueOptions{DedupeKey: "k"})
		if err != nil || !created || id == 0 {
			t.Fatalf("first with key: %d %v %v", id, created, err)
		}
		if id2, created, err := q.Enqueue(ctx, "known", nil, jobs.EnqueueOptions{DedupeKey: "k"}); err != nil || created || id2 != 0 {
			t.Errorf("second with the same key: %d %v %v, want nothing created", id2, created, err)
		}
	})
}

// TestEnqueueCoalesces: while a job of a kind waits, coalescing enqueues
// add none; once it has started, the next one is queued.
func TestEnqueueCoalesces(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		q := jobs.New(db, nil, quiet, jobs.Options{})
		ran := 0
		q.Register("drain", func(context.Context, json.RawMessage) error { ran++; return nil })
		coalesce := jobs.EnqueueOptions{Coalesce: true}
		first, created, err := q.Enqueue(ctx, "drain", nil, coalesce)
		if err != nil || !created {
			t.Fatalf("first: %d %v %v", first, created, err)
		}
		for range 3 {
			if id, created, err := q.Enqueue(ctx, "drain", nil, coalesce); err != nil || created {
				t.Fatalf("while one waits: %d %v %v, want none created", id, created, err)
			}
		}
		if did, err := q.RunNext(ctx); err != nil || !did || ran != 1 {
			t.Fatalf("RunNext = %v, %v; ran %d", did, err, ran)
		}
		if id, created, err := q.Enqueue(ctx, "drain", nil, coalesce); err != nil || !created || id == first {
			t.Errorf("after the first ran: %d %v %v, want a new job", id, created, err)
		}
	})
}

// TestScheduleOncePerPeriodAcrossInstances: every instance schedules the
// hourly clean-up, yet each hour gets one job.
func TestScheduleOncePerPeriodAcrossInstances(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			dbs := handles(t, d, 3)
			clk := newClock()
			clk.Advance(25 * time.Minute)
			var qs []*jobs.Queue
			for _, db := range dbs {
				q := jobs.New(db, clk.Now, quiet, jobs.Options{})
				q.Register("purge", func(context.Context, json.RawMessage) error { return nil })
				q.Every("purge", time.Hour)
				qs = append(qs, q)
			}
			count := func() int {
				var n int
				if err := dbs[0].QueryRow(ctx, "SELECT COUNT(*) FROM jobs WHERE kind = 'purge'").Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			var wg sync.WaitGroup
			for _, q := range qs {
				wg.Go(func() {
					for range 3 {
						if err := q.Schedule(ctx); err != nil {
							t.Error(err)
						}
					}
				})
			}
			wg.Wait()
			if n := count(); n != 1 {
				t.Fatalf("%d jobs for one hour, want 1", n)
			}
			// Started mid-hour: it is due at once, not at the next hour.
			if ran, err := qs[1].RunNext(ctx); !ran || err != nil {
				t.Fatalf("this hour's job is not due: %v", err)
			}
			clk.Advance(time.Hour)
			for _, q := range qs {
				if err := q.Schedule(ctx); err != nil {
					t.Fatal(err)
				}
			}
			if n := count(); n != 2 {
				t.Fatalf("%d jobs after two hours, want 2", n)
			}
		})
	}
}

// TestRetryFailedJob: an owner puts a failed job back in the queue; it
// gets its attempts back and the retry is in the audit log.
func TestRetryFailedJob(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := audit.WithActor(context.Background(), audit.Actor{Name: "Olive Owner"})
		q := jobs.New(db, newClock().Now, quiet, jobs.Options{})
		fail := true
		q.Register("report", func(context.Context, json.RawMessage) error {
			if fail {
				return errors.New("disk full")
			}
			return nil
		})
		id, _, _ := q.Enqueue(ctx, "report", nil, jobs.EnqueueOptions{MaxAttempts: 1})
		if _, err := q.Retry(ctx, id); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("retry of a queued job: %v, want conflict", err)
		}
		if _, err := q.Retry(ctx, id+100); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("retry of no job: %v, want not found", err)
		}
		if ran, _ := q.RunNext(ctx); !ran {
			t.Fatal("did not run")
		}
		j, err := q.Retry(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if j.Status != jobs.Queued || j.Attempts != 0 || j.LastError != "disk full" || !j.FinishedAt.IsZero() {
			t.Fatalf("after retry: %+v", j)
		}
		fail = false
		if ran, _ := q.RunNext(ctx); !ran {
			t.Fatal("retried job did not run")
		}
		if j := jobStatus(t, q, id); j.Status != jobs.Done || j.LastError != "" {
			t.Fatalf("after the retried run: %+v", j)
		}
		entries, err := audit.List(ctx, db, audit.Filter{Entity: "job", EntityID: id})
		if err != nil || len(entries) != 1 || entries[0].Action != "retry" || entries[0].Actor != "Olive Owner" {
			t.Fatalf("audit: %+v %v", entries, err)
		}
	})
}

// TestShutdownPutsRunningJobBack: a job still running when the instance
// stops is cancelled after the grace period and returned to the queue,
// its attempt not counted, for another instance to take.
func TestShutdownPutsRunningJobBack(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		q := jobs.New(db, nil, quiet, jobs.Options{Poll: 5 * time.Millisecond, Grace: 50 * time.Millisecond})
		started := make(chan struct{})
		q.Register("slow", func(ctx context.Context, _ json.RawMessage) error {
			close(started)
			<-ctx.Done()
			return ctx.Err()
		})
		ctx, cancel := context.WithCancel(context.Background())
		id, _, err := q.Enqueue(ctx, "slow", nil, jobs.EnqueueOptions{})
		if err != nil {
			t.Fatal(err)
		}
		stopped := make(chan struct{})
		go func() { q.Run(ctx); close(stopped) }()
		<-started
		cancel()
		select {
		case <-stopped:
		case <-time.After(10 * time.Second):
			t.Fatal("Run did not return after shutdown")
		}
		if j := jobStatus(t, q, id); j.Status != jobs.Queued || j.Attempts != 0 || j.LockedBy != "" {
			t.Fatalf("after shutdown: %+v", j)
		}
	})
}

// TestHeartbeatKeepsLongJobs: a job that runs longer than its lease keeps
// it by renewing, so another instance never starts it a second time.
func TestHeartbeatKeepsLongJobs(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			dbs := handles(t, d, 2)
			var runs atomic.Int32
			long := func(ctx context.Context, _ json.RawMessage) error {
				runs.Add(1)
				select {
				case <-time.After(4500 * time.Millisecond):
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			a := jobs.New(dbs[0], nil, quiet, jobs.Options{Instance: "a", Lease: 3 * time.Second})
			b := jobs.New(dbs[1], nil, quiet, jobs.Options{Instance: "b", Lease: 3 * time.Second})
			a.Register("long", long)
			b.Register("long", long)
			ctx := context.Background()
			id, _, _ := a.Enqueue(ctx, "long", nil, jobs.EnqueueOptions{})
			done := make(chan struct{})
			go func() { _, _ = a.RunNext(ctx); close(done) }()
			waitFor(t, "the job to start", 10*time.Second, func() bool { return runs.Load() == 1 })
			for {
				select {
				case <-done:
					if j := jobStatus(t, a, id); j.Status != jobs.Done || runs.Load() != 1 {
						t.Fatalf("ran %d times, ended %+v", runs.Load(), j)
					}
					return
				case <-time.After(200 * time.Millisecond):
					if ran, err := b.RunNext(ctx); ran || err != nil {
						t.Fatalf("the other instance claimed a job whose lease was being renewed (%v)", err)
					}
				}
			}
		})
	}
}

// TestPruneRemovesOldFinishedJobs: finished jobs leave the table after
// their keeping time, failed ones later than done ones; queued jobs stay.
func TestPruneRemovesOldFinishedJobs(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := newClock()
		q := jobs.New(db, clk.Now, quiet, jobs.Options{})
		q.Register("ok", func(context.Context, json.RawMessage) error { return nil })
		q.Register("bad", func(context.Context, json.RawMessage) error { return jobs.Permanent(errors.New("no")) })
		done, _, _ := q.Enqueue(ctx, "ok", nil, jobs.EnqueueOptions{})
		failed, _, _ := q.Enqueue(ctx, "bad", nil, jobs.EnqueueOptions{})
		for range 2 {
			_, _ = q.RunNext(ctx)
		}
		clk.Advance(48 * time.Hour)
		queued, _, _ := q.Enqueue(ctx, "ok", nil, jobs.EnqueueOptions{RunAt: clk.Now().Add(time.Hour)})
		n, err := q.Prune(ctx, 24*time.Hour, 72*time.Hour)
		if err != nil || n != 1 {
			t.Fatalf("pruned %d (%v), want the done job only", n, err)
		}
		if _, err := q.Get(ctx, done); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("the old done job is still there: %v", err)
		}
		for _, id := range []int64{failed, queued} {
			if _, err := q.Get(ctx, id); err != nil {
				t.Errorf("job %d: %v", id, err)
			}
		}
	})
}
