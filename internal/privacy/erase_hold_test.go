package privacy_test

import (
	"context"
	"os"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
)

// TestEraseWriterHold measures, on a large community
// (TRELLIS_ERASE_BENCH_DB names a copy of one: it is changed), how long an
// erasure keeps other writes waiting: a probe writes a tiny transaction
// every few milliseconds throughout, and the longest wait it saw is what
// a manager saving a form would have seen. Skipped without the variable.
func TestEraseWriterHold(t *testing.T) {
	dsn := os.Getenv("TRELLIS_ERASE_BENCH_DB")
	if dsn == "" {
		t.Skip("set TRELLIS_ERASE_BENCH_DB to a copy of a large community's database")
	}
	ctx := audit.WithActor(context.Background(), audit.Actor{Name: "owner"})
	db, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	a := newApp(db)
	// A member with an address, written into a few other records too, as
	// a manager's notes would.
	var id int64
	var email string
	if err := db.QueryRow(ctx, `SELECT m.id, e.email FROM members m JOIN member_emails e ON e.member_id = m.id
		WHERE m.archived_at IS NULL ORDER BY m.id LIMIT 1 OFFSET 5000`).Scan(&id, &email); err != nil {
		t.Fatal(err)
	}
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, "UPDATE members SET notes = notes || ' cc ' || ? WHERE id IN (SELECT id FROM members WHERE id <> ? ORDER BY id LIMIT 500)", email, id)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if db.Dialect == store.SQLite {
		db.Exec(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	}

	var mu sync.Mutex
	var waits []time.Duration
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
			start := time.Now()
			err := db.InTx(ctx, func(tx *store.Tx) error {
				_, err := tx.Exec(ctx, "UPDATE settings SET value = value WHERE key = 'probe'")
				return err
			})
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			waits = append(waits, time.Since(start))
			mu.Unlock()
		}
	}()
	time.Sleep(200 * time.Millisecond)
	cpu0, t0 := cpuNow(), time.Now()
	res, err := a.Privacy.Erase(ctx, id, 0)
	if err != nil {
		t.Fatal(err)
	}
	t1, held := time.Now(), longestWrite(a)
	n, err := finishErasures(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	t2, cpu, jobHeld := time.Now(), cpuNow()-cpu0, longestWrite(a)
	time.Sleep(100 * time.Millisecond)
	close(stop)
	<-done
	sort.Slice(waits, func(i, j int) bool { return waits[i] < waits[j] })
	if len(waits) == 0 {
		t.Fatal("the probe never wrote")
	}
	t.Logf("%s: erase %s holding the writer %s (%+v), scrub job %s holding it at most %s (%d rows), whole %s, CPU %s; probe: %d writes, longest wait %s, p99 %s, median %s",
		db.Dialect, t1.Sub(t0).Round(time.Millisecond), held.Round(time.Millisecond), res, t2.Sub(t1).Round(time.Millisecond), jobHeld.Round(time.Millisecond), n, t2.Sub(t0).Round(time.Millisecond),
		cpu.Round(time.Millisecond), len(waits), waits[len(waits)-1].Round(time.Millisecond),
		waits[len(waits)*99/100].Round(time.Millisecond), waits[len(waits)/2].Round(time.Microsecond))
}
