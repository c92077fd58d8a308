package demo_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/demo"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestLoadBulkMatchesSteps: the bulk path writes the same community as
// the step-by-step one, record for record, on both engines.
func TestLoadBulkMatchesSteps(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			steps := newApp(storetest.Open(t, d), fixedNow)
			if _, err := demo.Load(ctx, steps, demo.Options{Members: 400, Seed: 7}); err != nil {
				t.Fatal(err)
			}
			bulk := newApp(storetest.Open(t, d), fixedNow)
			sum, err := demo.Load(ctx, bulk, demo.Options{Members: 400, Seed: 7, Bulk: true})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Members != 400 {
				t.Errorf("summary %+v, want 400 members", sum)
			}
			want, got := dump(t, steps), dump(t, bulk)
			if got != want {
				wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
				for i := range min(len(wl), len(gl)) {
					if wl[i] != gl[i] {
						t.Fatalf("bulk load differs at line %d:\n got %s\nwant %s", i+1, gl[i], wl[i])
					}
				}
				t.Fatalf("bulk load has %d lines, want %d", len(gl), len(wl))
			}
			// The indexes and constraints dropped for the load are all back.
			if want, got := indexDefs(t, steps.DB), indexDefs(t, bulk.DB); got != want {
				t.Errorf("indexes after the bulk load:\n%s\nwant\n%s", got, want)
			}
			// A second load into the same database is refused.
			if _, err := demo.Load(ctx, bulk, demo.Options{Members: 10, Bulk: true}); !apperr.Is(err, apperr.Conflict) {
				t.Errorf("second bulk load: %v, want Conflict", err)
			}
		})
	}
}

// TestLoadBulkInteractions: the number of interactions can be asked for,
// within bounds.
func TestLoadBulkInteractions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := newApp(storetest.Open(t, store.SQLite), fixedNow)
	sum, err := demo.Load(ctx, a, demo.Options{Members: 500, Interactions: 5000, Bulk: true})
	if err != nil {
		t.Fatal(err)
	}
	between(t, "interactions", sum.Interactions, 4900, 5100)
	var n int
	if err := a.DB.QueryRow(ctx, "SELECT COUNT(*) FROM interactions").Scan(&n); err != nil || n != sum.Interactions {
		t.Errorf("interactions stored = %d, %v; want %d", n, err, sum.Interactions)
	}
	for _, bad := range []int{-1, demo.MaxInteractions + 1} {
		_, err := demo.Load(ctx, a, demo.Options{Members: 10, Interactions: bad, Bulk: true})
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.Invalid || ae.Fields["interactions"] == "" {
			t.Errorf("Interactions %d: %v, want Invalid naming interactions", bad, err)
		}
	}
}

// TestLoadAnalyses: both paths leave the planner statistics of what they
// loaded, so the first pages served do not read whole tables.
func TestLoadAnalyses(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		for _, bulk := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/bulk=%v", d, bulk), func(t *testing.T) {
				t.Parallel()
				ctx := context.Background()
				a := newApp(storetest.Open(t, d), fixedNow)
				if _, err := demo.Load(ctx, a, demo.Options{Members: 50, Bulk: bulk}); err != nil {
					t.Fatal(err)
				}
				q := "SELECT COUNT(DISTINCT tbl) FROM sqlite_stat1 WHERE tbl IN ('members', 'member_tags', 'interaction_members')"
				if d == store.Postgres {
					q = "SELECT COUNT(*) FROM pg_class WHERE relname IN ('members', 'member_tags', 'interaction_members') AND relnamespace = current_schema()::regnamespace AND reltuples > 0"
				}
				var n int
				if err := a.DB.QueryRow(ctx, q).Scan(&n); err != nil || n != 3 {
					t.Errorf("analysed tables = %d, %v; want 3", n, err)
				}
				if d == store.Postgres && bulk {
					// Written frozen, or vacuumed: every page all-visible,
					// for the index-only scans of the reads.
					q := "SELECT COUNT(*) FROM pg_class WHERE relname IN ('members', 'member_tags', 'interaction_members') AND relnamespace = current_schema()::regnamespace AND relpages > 0 AND relallvisible = relpages"
					if err := a.DB.QueryRow(ctx, q).Scan(&n); err != nil || n != 3 {
						t.Errorf("tables with every page all-visible = %d, %v; want 3", n, err)
					}
				}
			})
		}
	}
}

// indexDefs lists every index of db's schema (and on PostgreSQL every
// constraint) with its definition, one a line, sorted, without the
// schema's name.
func indexDefs(t *testing.T, db *store.DB) string {
	t.Helper()
	q := "SELECT name || ': ' || COALESCE(sql, '') FROM sqlite_master WHERE type = 'index' ORDER BY name"
	if db.Dialect == store.Postgres {
		q = `SELECT indexname || ': ' || replace(indexdef, schemaname || '.', '') FROM pg_indexes WHERE schemaname = current_schema()
UNION ALL SELECT conname || ': ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace
ORDER BY 1`
	}
	rows, err := db.Query(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		b.WriteString(line + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestLoadBulkActivities: a bulk load writes the activities asked for,
// across six sources (github, discourse, slack, zoom, manual, import) and
// every kind, on both engines, with the indexes it dropped back; only a
// bulk load takes a number of them.
func TestLoadBulkActivities(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			a := newApp(storetest.Open(t, d), fixedNow)
			sum, err := demo.Load(ctx, a, demo.Options{Members: 300, Bulk: true, Activities: 20_000})
			if err != nil {
				t.Fatal(err)
			}
			var n, sources, kinds, members, future, early int
			err = a.DB.QueryRow(ctx, `SELECT COUNT(*), COUNT(DISTINCT source), COUNT(DISTINCT kind), COUNT(DISTINCT member_id),
				SUM(CASE WHEN occurred_at > ? THEN 1 ELSE 0 END), SUM(CASE WHEN occurred_at < ? THEN 1 ELSE 0 END) FROM activities`,
				fixedNow.Unix(), fixedNow.AddDate(0, 0, -732).Unix()).Scan(&n, &sources, &kinds, &members, &future, &early)
			if err != nil {
				t.Fatal(err)
			}
			if n != 20_000 || sum.Activities != 20_000 || sources != 6 || kinds != 15 || members < 100 || future != 0 || early != 0 {
				t.Errorf("%d activities (summary %d) from %d sources of %d kinds by %d members, %d in the future, %d before two years",
					n, sum.Activities, sources, kinds, members, future, early)
			}
			// The participation service reads them like any others.
			list, _, err := a.Participation.ListActivities(ctx, participation.Filter{Source: "github", Limit: 5})
			if err != nil || len(list) != 5 || !strings.HasPrefix(list[0].URL, "https://github.example.org/orsn/") {
				t.Errorf("github activities %+v %v", list, err)
			}
			ref := newApp(storetest.Open(t, d), fixedNow)
			if want, got := indexDefs(t, ref.DB), indexDefs(t, a.DB); got != want {
				t.Errorf("indexes after the bulk load:\n%s\nwant\n%s", got, want)
			}
			for _, opt := range []demo.Options{{Members: 10, Activities: 5}, {Members: 10, Bulk: true, Activities: -1},
				{Members: 10, Bulk: true, Activities: demo.MaxActivities + 1}} {
				_, err := demo.Load(ctx, ref, opt)
				var ae *apperr.Error
				if !errors.As(err, &ae) || ae.Code != apperr.Invalid || ae.Fields["activities"] == "" {
					t.Errorf("%+v: %v, want Invalid naming activities", opt, err)
				}
			}
		})
	}
}
