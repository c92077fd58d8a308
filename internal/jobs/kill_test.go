package jobs_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/jobs"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

const instanceEnv = "TRELLIS_JOBS_TEST_INSTANCE_DSN"

// TestInstanceProcess is not a test on its own: TestKilledInstance starts
// the test binary again to run it as a separate Trellis instance, which
// claims the job and hangs in it until it is killed.
func TestInstanceProcess(t *testing.T) {
	dsn := os.Getenv(instanceEnv)
	if dsn == "" {
		t.Skip("run by TestKilledInstance in a child process")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	q := jobs.New(db, nil, quiet, jobs.Options{Instance: "doomed", Lease: 3 * time.Second, Poll: 10 * time.Millisecond})
	q.Register("import", func(context.Context, json.RawMessage) error { select {} })
	q.Run(ctx)
}

// TestKilledInstance: a process killed in the middle of a job (a crash, an
// OOM kill, a pulled plug) does not lose it. The job stays claimed while
// its lease lasts, so it is not run twice by mistake, then another
// instance takes it and finishes it, with the lost attempt counted and
// explained.
func TestKilledInstance(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.DSN(t, d)
			db, err := store.Open(ctx, dsn, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			offset := time.Duration(0)
			now := func() time.Time {
				mu.Lock()
				defer mu.Unlock()
				return time.Now().Add(offset)
			}
			q := jobs.New(db, now, quiet, jobs.Options{Instance: "survivor", Lease: 3 * time.Second})
			var seenError string
			q.Register("import", func(ctx context.Context, _ json.RawMessage) error {
				j, err := q.List(ctx, jobs.Filter{Status: jobs.Running})
				if err == nil && len(j) == 1 {
					seenError = j[0].LastError
				}
				return nil
			})
			id, _, err := q.Enqueue(ctx, "import", map[string]string{"file": "members.csv"}, jobs.EnqueueOptions{})
			if err != nil {
				t.Fatal(err)
			}

			cmd := exec.Command(os.Args[0], "-test.run=^TestInstanceProcess$")
			cmd.Env = append(os.Environ(), instanceEnv+"="+dsn)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
			waitFor(t, "the other process to claim the job", 30*time.Second, func() bool {
				j, err := q.Get(ctx, id)
				return err == nil && j.Status == jobs.Running && j.LockedBy == "doomed"
			})
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			_ = cmd.Wait()

			if ran, err := q.RunNext(ctx); ran || err != nil {
				t.Fatalf("the job was taken while its lease still ran (%v)", err)
			}
			mu.Lock()
			offset = 5 * time.Second // the lease has run out
			mu.Unlock()
			if ran, err := q.RunNext(ctx); !ran || err != nil {
				t.Fatalf("the killed process's job was not taken over (%v)", err)
			}
			j := jobStatus(t, q, id)
			if j.Status != jobs.Done || j.Attempts != 2 {
				t.Fatalf("after the takeover: %+v", j)
			}
			if !strings.Contains(seenError, "attempt 1 stopped unfinished: instance doomed let its lease run out") {
				t.Errorf("while retried, the job said %q, not why the first attempt ended", seenError)
			}
		})
	}
}

// TestLeaseTakenOver: an instance that stops renewing in time (a long
// pause, a network split) loses the job to another instance; when it comes
// back its handler is cancelled and it records nothing over the new claim.
// With no attempts left, the one taking over fails the job and says why.
func TestLeaseTakenOver(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			dbs := handles(t, d, 2)
			stalled := jobs.New(dbs[0], nil, quiet, jobs.Options{Instance: "stalled", Lease: 3 * time.Second})
			started, cancelled := make(chan struct{}), make(chan error, 1)
			stalled.Register("sync", func(ctx context.Context, _ json.RawMessage) error {
				close(started)
				<-ctx.Done()
				cancelled <- context.Cause(ctx)
				return ctx.Err()
			})
			// The other instance's clock is a minute ahead: to it, the
			// stalled instance's lease ran out long ago.
			other := jobs.New(dbs[1], func() time.Time { return time.Now().Add(time.Minute) }, quiet,
				jobs.Options{Instance: "other", Lease: 3 * time.Second})
			other.Register("sync", func(context.Context, json.RawMessage) error { return nil })
			id, _, err := stalled.Enqueue(ctx, "sync", nil, jobs.EnqueueOptions{MaxAttempts: 1})
			if err != nil {
				t.Fatal(err)
			}
			stalledDone := make(chan struct{})
			go func() { _, _ = stalled.RunNext(ctx); close(stalledDone) }()
			defer func() { <-stalledDone }()
			<-started
			if ran, err := other.RunNext(ctx); !ran || err != nil {
				t.Fatalf("the expired job was not taken over: %v", err)
			}
			select {
			case cause := <-cancelled:
				if cause == nil || !strings.Contains(cause.Error(), "another instance took the job over") {
					t.Errorf("the stalled handler was cancelled with %v", cause)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the stalled instance's handler was never told it lost the job")
			}
			j := jobStatus(t, other, id)
			if j.Status != jobs.Failed || j.Attempts != 2 ||
				j.LastError != "attempt 1 stopped unfinished (its instance let the lease run out) and no attempts are left" {
				t.Fatalf("after the takeover: %+v", j)
			}
		})
	}
}
