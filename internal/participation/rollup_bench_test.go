package participation_test

import (
	"context"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/store"
)

// The roll-up at full size runs against a big community you build once:
//
//	trellis demo --bulk --members 100000 --db /tmp/community-100k.db
//	TRELLIS_BENCH_PARTICIPATION_DB=/tmp/community-100k.db TRELLIS_BENCH_ACTIVITIES=5000000 \
//	  go test ./internal/participation -run '^$' -bench RollUp -benchtime 20x
//
// The first run tops the community up to TRELLIS_BENCH_ACTIVITIES
// synthetic activities (FillActivities); the same variable names a
// PostgreSQL URL instead of a file. On a busy machine filling through Go
// is slow; docs/benchmarks.md has the same fill as one SQL statement per
// engine, after which the roll-up is rebuilt on the next start.
const benchDBEnv = "TRELLIS_BENCH_PARTICIPATION_DB"

func openBenchDB(b *testing.B) *store.DB {
	b.Helper()
	dsn := os.Getenv(benchDBEnv)
	if dsn == "" {
		b.Skipf("set %s to a big community's database", benchDBEnv)
	}
	db, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	want, _ := strconv.Atoi(os.Getenv("TRELLIS_BENCH_ACTIVITIES"))
	start := time.Now()
	added, err := FillActivities(context.Background(), db, want, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	if added > 0 {
		b.Logf("added %d synthetic activities in %s", added, time.Since(start).Round(time.Millisecond))
	}
	return db
}

// benchKinds spread synthetic activities over the modes roughly as a
// research community's are: mostly convey, a third contribute, some
// collaborate, a few co-create.
var benchKinds = []struct {
	key    string
	weight int
}{{"attended_call", 50}, {"posted_forum", 10}, {"replied_forum", 10}, {"answered_question", 8}, {"opened_pull_request", 4},
	{"reviewed_pull_request", 8}, {"joined_working_group", 5}, {"hosted_session", 3}, {"led_working_group", 2}}

// FillActivities adds synthetic activities until db holds want of them,
// over its members (most activity by a few, as in real communities: the
// member is drawn as the product of three uniform draws, so low ids do
// most) and the two years
// before now, then rebuilds the roll-up. It returns how many it added.
func FillActivities(ctx context.Context, db *store.DB, want int, now time.Time) (int, error) {
	var have int
	if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM activities").Scan(&have); err != nil || have >= want {
		return 0, err
	}
	var ids []int64
	rows, err := db.Query(ctx, "SELECT id FROM members ORDER BY id")
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	var kinds []string
	for _, k := range benchKinds {
		for range k.weight {
			kinds = append(kinds, k.key)
		}
	}
	r := rand.New(rand.NewPCG(uint64(have), 11))
	n := want - have
	span := int64(730 * 24 * 3600)
	err = db.InBulkTx(ctx, func(tx *store.Tx) error {
		_, err := tx.CopyRows(ctx, "activities", []string{"member_id", "kind", "source", "occurred_at", "title", "url", "external_id", "created_at"},
			func(yield func([]any) bool) {
				row := make([]any, 8)
				for i := range n {
					m := ids[int(r.Float64()*r.Float64()*r.Float64()*float64(len(ids)))]
					row[0], row[1], row[2] = m, kinds[r.IntN(len(kinds))], "bench"
					row[3] = now.Unix() - r.Int64N(span)
					row[4], row[5], row[6], row[7] = "", "", "b"+strconv.Itoa(have+i), now.Unix()
					if !yield(row) {
						return
					}
				}
			})
		return err
	})
	if err != nil {
		return 0, err
	}
	if err := db.Analyze(ctx, "activities"); err != nil {
		return 0, err
	}
	svc := &participation.Service{DB: db}
	return n, svc.RollUpAll(ctx)
}

// BenchmarkRollUpAll rebuilds the whole roll-up from every activity (after
// a change of kinds or of the time zone), in short transactions; it
// reports the longest.
func BenchmarkRollUpAll(b *testing.B) {
	db := openBenchDB(b)
	ctx := audit.WithActor(context.Background(), audit.Actor{Name: "bench"})
	svc := &participation.Service{DB: db}
	var longest time.Duration
	for b.Loop() {
		if err := svc.RollUpAll(ctx); err != nil {
			b.Fatal(err)
		}
		if took, what := participation.LastRebuildLongestTx(); took > longest {
			longest = took
			b.Logf("longest transaction %s: %s", took.Round(time.Millisecond), what)
		}
	}
	// How long the rebuild held the writer at most, in one transaction.
	b.ReportMetric(float64(longest.Milliseconds()), "longest-tx-ms")
}

// BenchmarkRollUpNewActivities: 1,000 new activities of this month, by
// 1,000 members, and the roll-up brought up to date for just those
// members, as ingestion will call it. Only the roll-up is timed; it
// reports this process's CPU time per roll-up beside the wall time.
func BenchmarkRollUpNewActivities(b *testing.B) { benchRollUpNew(b, 0) }

// BenchmarkRollUpNewActivitiesSpread is the same with the 1,000
// activities spread over the two years before now: each changes another
// month, so every month is brought up to date.
func BenchmarkRollUpNewActivitiesSpread(b *testing.B) { benchRollUpNew(b, 730*24*3600) }

func benchRollUpNew(b *testing.B, spread int64) {
	db := openBenchDB(b)
	ctx := audit.WithActor(context.Background(), audit.Actor{Name: "bench"})
	svc := &participation.Service{DB: db}
	if _, err := svc.RollUpIfStale(ctx); err != nil {
		b.Fatal(err)
	}
	var cpu time.Duration
	var ids []int64
	rows, err := db.Query(ctx, "SELECT id FROM members ORDER BY id")
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var id int64
		_ = rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	r := rand.New(rand.NewPCG(1, 2))
	round := 0
	for b.Loop() {
		b.StopTimer()
		round++
		touched := make([]int64, 1000)
		err := db.InBulkTx(ctx, func(tx *store.Tx) error {
			_, err := tx.CopyRows(ctx, "activities", []string{"member_id", "kind", "source", "occurred_at", "title", "url", "external_id", "created_at"},
				func(yield func([]any) bool) {
					for i := range touched {
						touched[i] = ids[r.IntN(len(ids))]
						at := time.Now().Unix() - int64(i)
						if spread > 0 {
							at = time.Now().Unix() - r.Int64N(spread)
						}
						if !yield([]any{touched[i], "answered_question", "bench-new", at, "", "",
							strconv.FormatInt(time.Now().UnixNano(), 36) + "-" + strconv.Itoa(i), time.Now().Unix()}) {
							return
						}
					}
				})
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		cpu0 := cpuTime()
		if err := svc.RollUp(ctx, touched); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - cpu0
	}
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(round), "cpu-ms/op")
}
