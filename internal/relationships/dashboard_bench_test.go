package relationships_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// BenchmarkDashboard loads the dashboard of a busy community: 2,000
// members, 200 of them key, 20,000 interactions over three years and 1,000
// follow-ups. Target: under 10 ms a load on SQLite and under 20 ms on a
// local PostgreSQL, because it is the page every manager opens first. The
// query count is fixed (ten), so PostgreSQL's round trips do not grow with
// the data.
func BenchmarkDashboard(b *testing.B) {
	for _, d := range storetest.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			db := storetest.Open(b, d)
			f := newFixture(b, db, base, mustLoad(b, "Europe/London"))
			seedCommunity(b, f, 2000, 200, 20000, 1000)
			b.ResetTimer()
			for b.Loop() {
				dash, err := f.svc.Dashboard(f.ctx)
				if err != nil {
					b.Fatal(err)
				}
				if dash.KeyMembersCount == 0 || len(dash.Recent) == 0 {
					b.Fatalf("empty dashboard: %d key members, %d recent", dash.KeyMembersCount, len(dash.Recent))
				}
			}
		})
	}
}

// seedCommunity fills the database with plain multi-row INSERTs, which are
// fast on both engines, using a fixed random seed so every run measures the
// same data.
func seedCommunity(tb testing.TB, f *fixture, members, keyMembers, interactions, followUps int) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	today := base
	day := func(daysAgo int) string { return today.AddDate(0, 0, -daysAgo).Format("2006-01-02") }
	w := &batchWriter{tb: tb, f: f}

	for i := 1; i <= members; i++ {
		var archived any
		if i%20 == 0 {
			archived = int64(1)
		}
		var joined any = day(rng.IntN(3 * 365))
		if i%7 == 0 {
			joined = nil // unknown: the dashboard falls back to created_at
		}
		name := fmt.Sprintf("Member %04d", i)
		w.row("INSERT INTO members (id, name, sort_name, affiliation, joined_on, search_text, archived_at, created_at, updated_at) VALUES",
			int64(i), name, strings.ToLower(name), "University "+fmt.Sprint(i%50), joined, name, archived,
			today.Add(-time.Duration(rng.IntN(900*24))*time.Hour).Unix(), today.Unix())
	}
	w.flush()
	for i := 1; i <= keyMembers; i++ {
		cadence := []int{14, 30, 91}[i%3]
		w.row("INSERT INTO key_members (member_id, cadence_days, note, since_at) VALUES",
			int64(i), cadence, "", today.AddDate(-1, 0, 0).Unix())
	}
	w.flush()
	for i := 1; i <= keyMembers; i++ {
		w.row("INSERT INTO key_member_groups (member_id, group_id) VALUES", int64(i), int64(1+i%5))
	}
	w.flush()
	dates := make([]string, interactions+1)
	for i := 1; i <= interactions; i++ {
		dates[i] = day(rng.IntN(3 * 365))
		w.row("INSERT INTO interactions (id, occurred_on, channel, summary, notes, outcome, created_at, updated_at) VALUES",
			int64(i), dates[i], "call", "Catch-up", "", "", today.Unix(), today.Unix())
	}
	w.flush()
	for i := 1; i <= interactions; i++ {
		seen := map[int]bool{}
		for range 1 + i%3 {
			// Six in ten participants are key members.
			m := 1 + rng.IntN(members)
			if rng.IntN(10) < 6 {
				m = 1 + rng.IntN(keyMembers)
			}
			if !seen[m] {
				seen[m] = true
				w.row("INSERT INTO interaction_members (interaction_id, member_id, occurred_on) VALUES", int64(i), int64(m), dates[i])
			}
		}
	}
	w.flush()
	for i := 1; i <= followUps; i++ {
		due := today.AddDate(0, 0, 30-rng.IntN(60)).Format("2006-01-02")
		status := "open"
		if i%3 == 0 {
			status = "done"
		}
		w.row("INSERT INTO followups (member_id, what, due_on, original_due_on, status, created_at, updated_at) VALUES",
			int64(1+rng.IntN(members)), "Follow up", due, due, status, today.Unix(), today.Unix())
	}
	w.flush()
	// As a bulk load does, once at the end.
	if err := f.db.InTx(f.ctx, func(tx *store.Tx) error { return relationships.RefreshNextDue(f.ctx, tx) }); err != nil {
		tb.Fatal(err)
	}
}

// batchWriter gathers rows of one INSERT and writes them 200 at a time.
type batchWriter struct {
	tb     testing.TB
	f      *fixture
	prefix string
	rows   []string
	args   []any
}

func (w *batchWriter) row(prefix string, values ...any) {
	if prefix != w.prefix || len(w.rows) == 200 {
		w.flush()
		w.prefix = prefix
	}
	w.rows = append(w.rows, "("+strings.TrimSuffix(strings.Repeat("?, ", len(values)), ", ")+")")
	w.args = append(w.args, values...)
}

func (w *batchWriter) flush() {
	if len(w.rows) == 0 {
		return
	}
	err := w.f.db.InTx(w.f.ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(w.f.ctx, w.prefix+" "+strings.Join(w.rows, ", "), w.args...)
		return err
	})
	if err != nil {
		w.tb.Fatalf("seed %s: %v", w.prefix, err)
	}
	w.rows, w.args = w.rows[:0], w.args[:0]
}
