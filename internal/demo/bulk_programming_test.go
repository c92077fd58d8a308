package demo_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/demo"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestLoadBulkProgramming: a bulk load generates programming and content
// at the scale asked, on both engines, the same for the same seed, with
// the standard demo's gaps still planted, and what it wrote reads back
// through the services.
func TestLoadBulkProgramming(t *testing.T) {
	t.Parallel()
	opt := demo.Options{Members: 300, Interactions: 600, Bulk: true, Goals: 12, Programmes: 30, Content: 450}
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			a := newApp(storetest.Open(t, d), fixedNow)
			if _, err := demo.Load(ctx, a, opt); err != nil {
				t.Fatal(err)
			}
			for q, want := range map[string]int{
				"SELECT COUNT(*) FROM goals":                                                 12,
				"SELECT COUNT(*) FROM programmes":                                            30,
				"SELECT COUNT(*) FROM content_items":                                         450,
				"SELECT COUNT(*) FROM content_items WHERE is_pillar = 1 OR is_pillar = TRUE": 2, // items 0 and 200; 400 is ahead
				"SELECT COUNT(*) FROM content_items WHERE pillar_id IS NOT NULL":             10,
				// Planted gaps: nothing serves the curriculum, nobody offers co-create.
				`SELECT COUNT(*) FROM goals g WHERE g.title = 'Build a shared data-stewardship curriculum' AND (
				   EXISTS (SELECT 1 FROM programme_goals l WHERE l.goal_id = g.id) OR EXISTS (SELECT 1 FROM session_goals l WHERE l.goal_id = g.id)
				   OR EXISTS (SELECT 1 FROM content_goals l WHERE l.goal_id = g.id))`: 0,
				"SELECT COUNT(*) FROM programmes WHERE modes LIKE '%co_create%'": 0,
			} {
				if d == store.SQLite {
					q = strings.ReplaceAll(q, " OR is_pillar = TRUE", "")
				} else {
					q = strings.ReplaceAll(q, "is_pillar = 1 OR ", "")
				}
				var n int
				if err := a.DB.QueryRow(ctx, q).Scan(&n); err != nil || n != want {
					t.Errorf("%s = %d, %v; want %d", q, n, err, want)
				}
			}
			var sessions, linked, withFigures int
			if err := a.DB.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM programme_sessions), (SELECT COUNT(DISTINCT content_id) FROM content_goals),
				(SELECT COUNT(DISTINCT content_id) FROM content_metrics)`).Scan(&sessions, &linked, &withFigures); err != nil {
				t.Fatal(err)
			}
			if sessions < 30 || linked < 400 || linked == 450 || withFigures < 300 {
				t.Errorf("%d sessions, %d items serving a goal, %d with figures", sessions, linked, withFigures)
			}
			checkBulkReads(t, a)
		})
	}
	t.Run("deterministic", func(t *testing.T) {
		t.Parallel()
		small := demo.Options{Members: 60, Bulk: true, Goals: 9, Programmes: 12, Content: 80}
		first, again := bulkDump(t, small), bulkDump(t, small)
		if first != again {
			t.Errorf("two bulk loads with the same seed differ:\n%s", firstDifference(first, again))
		}
	})
}

// checkBulkReads reads the generated year through the services: every
// occurrence at 16:00 in Berlin, every item listed.
func checkBulkReads(t *testing.T, a *app.App) {
	t.Helper()
	ctx := context.Background()
	occ, err := a.Programming.Occurrences(ctx, fixedNow.AddDate(0, -12, 0), fixedNow.AddDate(0, 1, 0), 0)
	if err != nil {
		t.Fatal(err)
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	if len(occ) < 100 {
		t.Errorf("%d occurrences over the year", len(occ))
	}
	for _, o := range occ {
		if o.Start.In(berlin).Hour() != 16 {
			t.Fatalf("an occurrence starts at %s", o.Start.In(berlin))
		}
	}
	n, cursor := 0, ""
	for {
		page, next, err := a.Content.List(ctx, content.Filter{Limit: 100, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		n += len(page)
		if cursor = next; cursor == "" {
			break
		}
	}
	if n != 450 {
		t.Errorf("the content list pages through %d items, want 450", n)
	}
}

// bulkDump loads opt into a fresh SQLite database and lists what it
// generated: programmes, sessions, items, figures and goal links.
func bulkDump(t *testing.T, opt demo.Options) string {
	t.Helper()
	a := load(t, store.SQLite, fixedNow, opt)
	var b strings.Builder
	for _, q := range []string{
		"SELECT id || '|' || title || '|' || modes || '|' || modalities || '|' || status FROM programmes ORDER BY id",
		"SELECT programme_id || '|' || starts_at || '|' || ends_at || '|' || rrule FROM programme_sessions ORDER BY id",
		"SELECT id || '|' || title || '|' || status || '|' || dated_on || '|' || COALESCE(pillar_id, 0) FROM content_items ORDER BY id",
		"SELECT content_id || '|' || name || '|' || value || '|' || read_on FROM content_metrics ORDER BY id",
		"SELECT content_id || '|' || goal_id || '|' || how FROM content_goals ORDER BY content_id, goal_id",
		"SELECT programme_id || '|' || goal_id || '|' || how FROM programme_goals ORDER BY programme_id, goal_id",
	} {
		rows, err := a.DB.Query(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
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
		rows.Close()
	}
	return b.String()
}

// TestLoadScaleNeedsBulk: programming and content at scale come with a
// bulk load only, within bounds, each refusal naming its option.
func TestLoadScaleNeedsBulk(t *testing.T) {
	t.Parallel()
	a := newApp(storetest.Open(t, store.SQLite), fixedNow)
	for _, tc := range []struct {
		opt   demo.Options
		field string
	}{
		{demo.Options{Members: 10, Content: 5}, "content"},
		{demo.Options{Members: 10, Programmes: 5}, "programmes"},
		{demo.Options{Members: 10, Goals: 20}, "goals"},
		{demo.Options{Members: 10, Bulk: true, Content: demo.MaxContent + 1}, "content"},
		{demo.Options{Members: 10, Bulk: true, Goals: -1}, "goals"},
	} {
		_, err := demo.Load(context.Background(), a, tc.opt)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.Invalid || ae.Fields[tc.field] == "" {
			t.Errorf("%+v: %v, want Invalid naming %s", tc.opt, err, tc.field)
		}
	}
	if n, err := a.Members.Count(context.Background(), demo.AllMembers); err != nil || n != 0 {
		t.Errorf("after refused loads: %d members, %v", n, fmt.Sprint(err))
	}
}
