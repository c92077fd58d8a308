package demo_test

import (
	"context"
	"errors"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/demo"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// stopAt is the step a load is stopped after: well into the year, with
// members, interactions and follow-ups stored.
const stopAt = 100

// smallDemo is the community these tests load, stop and load again: a
// fifth of the standard one, as every step of the load is there whatever
// the size, and each load costs seconds under the race detector.
var smallDemo = demo.Options{Members: 60, Now: fixedNow}

// leftovers counts what a load stored, for checking that nothing is left.
func leftovers(t *testing.T, a *app.App) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"members", "interactions", "followups", "key_members"} {
		var n int
		if err := a.DB.QueryRow(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	var groups int
	if err := a.DB.QueryRow(context.Background(), "SELECT COUNT(*) FROM stakeholder_groups WHERE builtin = ?", false).Scan(&groups); err != nil {
		t.Fatal(err)
	}
	out["groups"] = groups
	return out
}

func wantUnfinished(t *testing.T, a *app.App, want bool) {
	t.Helper()
	got, err := demo.Unfinished(context.Background(), a)
	if err != nil || got != want {
		t.Fatalf("Unfinished = %v, %v; want %v", got, err, want)
	}
}

// TestLoadFailsCleanly: a load that fails or is cancelled part way removes
// what it stored, and the next one loads the whole community.
func TestLoadFailsCleanly(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			want := referenceDump(t, d)
			tests := []struct {
				name string
				stop func(cancel context.CancelFunc) error
				err  func(error) bool
			}{
				{"a step fails", func(context.CancelFunc) error { return errors.New("disk full") },
					func(err error) bool { return err != nil && strings.Contains(err.Error(), "disk full") }},
				{"the context is cancelled (Ctrl-C)", func(cancel context.CancelFunc) error { cancel(); return nil },
					func(err error) bool { return errors.Is(err, context.Canceled) }},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					a := newApp(storetest.Open(t, d), fixedNow)
					ctx, cancel := context.WithCancel(context.Background())
					defer cancel()
					opt := demo.WithAfterStep(smallDemo, func(step int) error {
						if step == stopAt {
							return tt.stop(cancel)
						}
						return nil
					})
					if _, err := demo.Load(ctx, a, opt); !tt.err(err) {
						t.Fatalf("Load returned %v", err)
					}
					for table, n := range leftovers(t, a) {
						if n != 0 {
							t.Errorf("%d rows left in %s", n, table)
						}
					}
					wantUnfinished(t, a, false)
					if _, err := demo.Load(context.Background(), a, smallDemo); err != nil {
						t.Fatalf("loading again: %v", err)
					}
					if got := idFree(dump(t, a)); got != want {
						t.Errorf("the community loaded after a failure differs from a first load:\n%s", firstDifference(want, got))
					}
				})
			}
		})
	}
}

// TestLoadResumesAfterKill: a load killed outright (simulated by ending its
// goroutine between two steps, with no chance to clean up) leaves its
// marker; while the marker is fresh another load is refused, as the first
// may still be running elsewhere; once it is stale, the next load removes
// the half-loaded community and loads the whole of it.
func TestLoadResumesAfterKill(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			want := referenceDump(t, d)
			a := newApp(storetest.Open(t, d), fixedNow)
			now := fixedNow
			a.Now = func() time.Time { return now }

			var wg sync.WaitGroup
			wg.Go(func() {
				_, _ = demo.Load(context.Background(), a, demo.WithAfterStep(smallDemo, func(step int) error {
					if step == stopAt {
						runtime.Goexit()
					}
					return nil
				}))
			})
			wg.Wait()
			left := leftovers(t, a)
			if left["members"] == 0 || left["interactions"] == 0 {
				t.Fatalf("the killed load stored %v; the test needs it to have stored members and interactions", left)
			}
			wantUnfinished(t, a, true)

			now = now.Add(demo.StaleAfter / 2)
			_, err := demo.Load(context.Background(), a, smallDemo)
			if !apperr.Is(err, apperr.Conflict) || !strings.Contains(err.Error(), "Another demo load is running") {
				t.Fatalf("load while the marker is fresh: %v, want a Conflict naming the other load", err)
			}
			if got := leftovers(t, a); got["members"] != left["members"] {
				t.Fatalf("the refused load changed the members: %v, was %v", got, left)
			}

			now = now.Add(demo.StaleAfter / 2)
			if _, err := demo.Load(context.Background(), a, smallDemo); err != nil {
				t.Fatalf("load after the killed one: %v", err)
			}
			wantUnfinished(t, a, false)
			if got := idFree(dump(t, a)); got != want {
				t.Errorf("the community loaded after a kill differs from a first load:\n%s", firstDifference(want, got))
			}
			entries, err := audit.List(context.Background(), a.DB, audit.Filter{Entity: "demo", Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 1 || entries[0].Action != "discard" || !strings.Contains(entries[0].Summary, "interrupted") {
				t.Errorf("audit entries for the demo %+v, want one discard of an interrupted load", entries)
			}
			// A finished load is not done again.
			if _, err := demo.Load(context.Background(), a, smallDemo); !apperr.Is(err, apperr.Conflict) {
				t.Errorf("loading over a finished community: %v, want Conflict", err)
			}
		})
	}
}

// TestLoadKeepsItsMarkerAlive: a load that runs for longer than StaleAfter
// keeps refreshing its marker, so a second load started meanwhile is
// refused rather than taking the first for dead and removing its work.
// Not parallel: it shortens the heartbeat for the whole package.
func TestLoadKeepsItsMarkerAlive(t *testing.T) {
	defer demo.SetHeartbeat(10 * time.Millisecond)()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(storetest.Open(t, d), fixedNow)
			var now atomic.Int64
			now.Store(fixedNow.Unix())
			a.Now = func() time.Time { return time.Unix(now.Load(), 0) }
			var second error
			opt := demo.WithAfterStep(smallDemo, func(step int) error {
				if step != stopAt {
					return nil
				}
				// An hour passes; the heartbeat says so.
				now.Add(int64(time.Hour / time.Second))
				time.Sleep(200 * time.Millisecond)
				_, second = demo.Load(context.Background(), a, smallDemo)
				return nil
			})
			if _, err := demo.Load(context.Background(), a, opt); err != nil {
				t.Fatalf("the first load failed: %v", err)
			}
			if !apperr.Is(second, apperr.Conflict) || !strings.Contains(second.Error(), "Another demo load is running") {
				t.Fatalf("a load started during another: %v, want a Conflict naming the other load", second)
			}
			if got := leftovers(t, a); got["members"] != smallDemo.Members {
				t.Errorf("after both: %v, want the whole community of %d", got, smallDemo.Members)
			}
		})
	}
}

// groupID is a stakeholder group's id in a dump's key member lines: on
// PostgreSQL a group created again after a discard gets a new one.
var groupID = regexp.MustCompile(`\{\d+ `)

func idFree(dump string) string { return groupID.ReplaceAllString(dump, "{") }

var reference struct {
	sync.Mutex
	dumps map[store.Dialect]string
}

// referenceDump is the standard community as a first load on an empty
// database stores it, loaded once per engine.
func referenceDump(t *testing.T, d store.Dialect) string {
	t.Helper()
	reference.Lock()
	defer reference.Unlock()
	if s, ok := reference.dumps[d]; ok {
		return s
	}
	a := newApp(storetest.Open(t, d), fixedNow)
	if _, err := demo.Load(context.Background(), a, smallDemo); err != nil {
		t.Fatal(err)
	}
	if reference.dumps == nil {
		reference.dumps = map[store.Dialect]string{}
	}
	reference.dumps[d] = idFree(dump(t, a))
	return reference.dumps[d]
}
