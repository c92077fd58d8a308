package contentaudit_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"math/rand/v2"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/config"
	"github.com/trellis-community/trellis/internal/contentaudit"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
)

// BenchmarkAudit measures Service.Audit, loaders and rules together, at
// the target size: 10,000 items (9,000 content items and 1,000
// programmes with about 5,000 sessions and series over two years), 50
// goals and 100,000 members. TRELLIS_AUDIT_BENCH_DB names the database, a
// SQLite file or a PostgreSQL URL holding the members, such as one
//
//	trellis demo --bulk --members 100000 --db bench.db
//
// wrote; the benchmark adds the goals, items and three segments the first
// time (the database is changed, so point it at a copy). The target is
// 100 ms on SQLite with segment counts kept (what every audit reads: the
// count-members job keeps them every ten minutes, and the page's CSV,
// print view or saving reuse them); "counting segments" counts the member
// mix and each segment nothing is aimed at within the audit, as an audit
// does only for a segment saved since the job last ran, or when no job
// runs at all.
func BenchmarkAudit(b *testing.B) {
	dsn := os.Getenv("TRELLIS_AUDIT_BENCH_DB")
	if dsn == "" {
		b.Skip("TRELLIS_AUDIT_BENCH_DB is not set")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	a := app.New(config.Config{}, db, time.UTC, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err := seedAuditBench(ctx, a); err != nil {
		b.Fatal(err)
	}
	q, _ := contentaudit.QuarterOf(a.ContentAudit.Today())
	last := q.Before(1)[0]
	for _, c := range []struct {
		name string
		ttl  time.Duration
	}{{"segment counts kept", 10 * time.Minute}, {"counting segments", 0}} {
		b.Run(c.name, func(b *testing.B) {
			a.ContentAudit.SegmentTTL = c.ttl
			// One audit first, as the page is opened before its CSV: with
			// a time to live it leaves the member counts kept.
			res, err := a.ContentAudit.Audit(ctx, last.From, last.To)
			if err != nil {
				b.Fatal(err)
			}
			// The machine is shared: beside the time taken, report the
			// processor time the process spent, which waits do not inflate.
			cpu := cpuTime()
			for b.Loop() {
				if res, err = a.ContentAudit.Audit(ctx, last.From, last.To); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
			// TRELLIS_AUDIT_BENCH_JSON=prefix writes the last audit of each
			// case to prefix.<case>, to compare what two builds find.
			if prefix := os.Getenv("TRELLIS_AUDIT_BENCH_JSON"); prefix != "" {
				j, err := json.MarshalIndent(res, "", " ")
				if err == nil {
					err = os.WriteFile(prefix+"."+strings.ReplaceAll(c.name, " ", "_"), j, 0o644)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(res.Items)), "items_in_period")
			b.ReportMetric(float64(len(res.Gaps)), "gaps")
		})
	}
}

// seedAuditBench adds 50 goals, 1,000 programmes with their sessions and
// 9,000 content items, dated over the two years to today, unless a
// previous run did.
func seedAuditBench(ctx context.Context, a *app.App) error {
	var n int
	if err := a.DB.QueryRow(ctx, "SELECT COUNT(*) FROM goals WHERE title = 'Bench goal 1'").Scan(&n); err != nil || n > 0 {
		return err
	}
	for name, f := range map[string]members.Filter{
		"Bench: early career in Kenya": {CareerStage: []members.CareerStage{members.StageEarlyCareer}, Country: []string{"KE"}},
		"Bench: ECR network":           {Tags: []string{"ecr-network"}},
		"Bench: written, Asia":         {Modality: []string{"written"}, TimeZone: []string{"Asia/Tokyo", "Asia/Kolkata", "Asia/Shanghai"}},
	} {
		if _, err := a.Members.CreateSegment(ctx, name, f); err != nil && !isConflict(err) {
			return err
		}
	}
	rng := rand.New(rand.NewPCG(10, 50))
	now := time.Now().UTC()
	start := now.AddDate(-2, 0, 0)
	day := func() time.Time { return start.AddDate(0, 0, rng.IntN(730)) }
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	return a.DB.InTx(ctx, func(tx *store.Tx) error {
		// The demo has goals, programmes and content of its own: number
		// the bench's after them.
		base := map[string]int{}
		for _, table := range []string{"goals", "programmes", "programme_sessions", "content_items"} {
			var n int
			if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM "+table).Scan(&n); err != nil {
				return err
			}
			base[table] = n
		}
		g0, p0, s0, c0 := base["goals"], base["programmes"], base["programme_sessions"], base["content_items"]
		stamp := now.Unix()
		if _, err := tx.InsertMany(ctx, "INSERT INTO goals (id, title, status, version, created_at, updated_at)", 6,
			rows(50, func(i int) []any {
				return []any{g0 + i + 1, fmt.Sprintf("Bench goal %d", i+1), "active", 1, stamp, stamp}
			})); err != nil {
			return err
		}
		goalLinks := func(table, key string, first, ids int, share int) error {
			_, err := tx.InsertMany(ctx, "INSERT INTO "+table+" ("+key+", goal_id, how)", 3, func(yield func([]any) bool) {
				for id := first + 1; id <= first+ids; id++ {
					if rng.IntN(100) >= share {
						continue
					}
					g := rng.IntN(50)
					if !yield([]any{id, g0 + g + 1, ""}) {
						return
					}
					if rng.IntN(3) == 0 && !yield([]any{id, g0 + (g+1)%50 + 1, ""}) {
						return
					}
				}
			})
			return err
		}
		if _, err := tx.InsertMany(ctx, `INSERT INTO programmes (id, kind, title, format, modalities, timings,
			minutes_per_session, hours_per_month, modes, audience_stages, status, version, created_at, updated_at)`, 14,
			rows(1000, func(i int) []any {
				return []any{p0 + i + 1, pick("community_call", "workshop", "webinar", "office_hours", "working_group"),
					fmt.Sprintf("Bench programme %d", i+1), "online", pick("spoken", "spoken", "written", "spoken,visual"),
					pick("synchronous", "synchronous", "asynchronous"), pick("60", "90", "0"), pick("0", "0", "4"),
					pick("convey", "convey,contribute", "collaborate", "contribute"), pick("", "", "", "student", "early_career"),
					pick("completed", "open", "planned", "cancelled"), 1, stamp, stamp}
			})); err != nil {
			return err
		}
		sid := s0
		if _, err := tx.InsertMany(ctx, `INSERT INTO programme_sessions (id, programme_id, starts_at, ends_at, time_zone,
			status, rrule, version, created_at, updated_at)`, 10, func(yield func([]any) bool) {
			for p := p0 + 1; p <= p0+1000; p++ {
				series := rng.IntN(5) < 2
				for range 1 + rng.IntN(4) {
					sid++
					at := day().Truncate(24 * time.Hour).Add(time.Duration(14+rng.IntN(6)) * time.Hour)
					rule := ""
					if series {
						rule = pick("FREQ=WEEKLY;COUNT=12", "FREQ=MONTHLY;COUNT=6", "FREQ=WEEKLY;INTERVAL=2")
					}
					if !yield([]any{sid, p, at.Unix(), at.Add(time.Hour).Unix(), pick("UTC", "Europe/Berlin", "America/New_York"),
						pick("scheduled", "scheduled", "scheduled", "cancelled"), rule, 1, stamp, stamp}) {
						return
					}
					if series {
						break
					}
				}
			}
		}); err != nil {
			return err
		}
		if err := goalLinks("programme_goals", "programme_id", p0, 1000, 80); err != nil {
			return err
		}
		if err := goalLinks("session_goals", "session_id", s0, sid-s0, 10); err != nil {
			return err
		}
		if _, err := tx.InsertMany(ctx, `INSERT INTO content_items (id, kind, title, status, planned_on, published_on,
			dated_on, review_by, audience_stages, modality, timing, mode, version, created_at, updated_at)`, 15,
			rows(9000, func(i int) []any {
				on := day().Format(time.DateOnly)
				review := ""
				if rng.IntN(5) == 0 {
					review = day().Format(time.DateOnly)
				}
				return []any{c0 + i + 1, pick("blog_post", "newsletter_issue", "social_post", "video", "report"),
					fmt.Sprintf("Bench item %d", i+1), "published", on, on, on, review, pick("", "", "student"),
					pick("written", "visual", ""), pick("asynchronous", ""), pick("convey", "contribute", ""), 1, stamp, stamp}
			})); err != nil {
			return err
		}
		if err := goalLinks("content_goals", "content_id", c0, 9000, 85); err != nil {
			return err
		}
		_, err := tx.InsertMany(ctx, "INSERT INTO content_metrics (content_id, name, label, value, read_on, entered_at)", 6,
			func(yield func([]any) bool) {
				for id := c0 + 1; id <= c0+9000; id += 2 {
					for r := range 2 {
						if !yield([]any{id, "views", "", float64(rng.IntN(2000)), now.AddDate(0, 0, -r*30).Format(time.DateOnly), stamp}) {
							return
						}
					}
				}
			})
		return err
	})
}

// rows yields n rows made by row.
func rows(n int, row func(i int) []any) iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		for i := range n {
			if !yield(row(i)) {
				return
			}
		}
	}
}

func isConflict(err error) bool {
	ae, ok := errors.AsType[*apperr.Error](err)
	return ok && ae.Code == apperr.Conflict
}

// cpuTime is the processor time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
