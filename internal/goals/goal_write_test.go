package goals_test

import (
	"context"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestEditVersions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		g := f.create(t, goals.Goal{Title: "Share reproducible research practice",
			Indicators: []goals.Indicator{{Name: "Playbooks published", Target: num(4), Current: num(1)}}})

		// Saving the same thing writes nothing.
		same, err := f.svc.Update(f.ctx, g)
		if err != nil || same.Version != 1 {
			t.Fatalf("unchanged save: version %d, %v", same.Version, err)
		}

		g.Description = "Open notebooks, shared code."
		g.Indicators[0].Current = num(2)
		g.Indicators[0].MeasuredOn = "2026-03-09"
		v2, err := f.svc.Update(f.ctx, g)
		if err != nil {
			t.Fatal(err)
		}
		if v2.Version != 2 || v2.Description != g.Description || *v2.Indicators[0].Current != 2 {
			t.Fatalf("after update %+v", v2)
		}

		// A colleague's form, opened at version 1, is refused with what
		// changed since.
		stale := g
		stale.Version = 1
		stale.Title = "Share practice"
		_, err = f.svc.Update(f.ctx, stale)
		ae := checkErr(t, err, apperr.Conflict, "")
		if ae.Stale == nil || ae.Stale.Version != 2 {
			t.Fatalf("stale %+v", ae.Stale)
		}
		var fields []string
		for _, c := range ae.Stale.Changes {
			fields = append(fields, c.Field)
		}
		if strings.Join(fields, ",") != "description,indicators[0]" {
			t.Errorf("changes %v, want description and the indicator", fields)
		}
		if ae.Stale.Changes[1].New != "Playbooks published: 2 of 4 (50 %) on 2026-03-09" {
			t.Errorf("indicator change reads %q", ae.Stale.Changes[1].New)
		}
		// Invalid change writes nothing.
		_, err = f.svc.Edit(f.ctx, g.ID, 2, func(cur goals.Goal) (goals.Goal, error) {
			cur.Indicators = append(cur.Indicators, goals.Indicator{Name: ""})
			return cur, nil
		})
		checkErr(t, err, apperr.Invalid, "indicators[1].name")
		if _, err := f.svc.Update(f.ctx, goals.Goal{ID: 9999, Title: "x"}); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown: %v", err)
		}
		got, _ := f.svc.Get(f.ctx, g.ID)
		if got.Version != 2 || len(got.Indicators) != 1 {
			t.Errorf("stored %+v", got)
		}
	})
}

func TestRetireReactivate(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		g := f.create(t, goals.Goal{Title: "Launch the community forum"})
		r, err := f.svc.Retire(f.ctx, g.ID, g.Version)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != goals.Retired || r.RetiredOn != "2026-03-10" || r.Version != 2 {
			t.Fatalf("retired %+v", r)
		}
		if _, err := f.svc.Retire(f.ctx, g.ID, 1); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("retire at an old version: %v", err)
		}
		a, err := f.svc.Reactivate(f.ctx, g.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != goals.Active || a.RetiredOn != "" || a.Version != 3 {
			t.Fatalf("reactivated %+v", a)
		}
	})
}

// thingSource serves goals from a link table like the ones programming
// and content keep, test_things and test_thing_goals.
func thingSource(db *store.DB) goals.Source {
	return func(ctx context.Context, goalID int64, from, to string) ([]goals.Contribution, error) {
		rows, err := db.Query(ctx, `SELECT t.id, t.title, t.on_day, l.how FROM test_thing_goals l
			JOIN test_things t ON t.id = l.thing_id
			WHERE l.goal_id = ? AND (t.on_day = '' OR t.on_day BETWEEN ? AND ?)`, goalID, from, to)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []goals.Contribution
		for rows.Next() {
			c := goals.Contribution{Kind: "content", Status: "published"}
			if err := rows.Scan(&c.ID, &c.Title, &c.On, &c.How); err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		return out, rows.Err()
	}
}

func (f *fixture) things(t *testing.T) {
	t.Helper()
	for _, q := range []string{
		`CREATE TABLE test_things (id BIGINT PRIMARY KEY, title TEXT NOT NULL, on_day TEXT NOT NULL DEFAULT '')`,
		`CREATE TABLE test_thing_goals (thing_id BIGINT NOT NULL REFERENCES test_things(id) ON DELETE CASCADE,
			goal_id BIGINT NOT NULL REFERENCES goals(id) ON DELETE RESTRICT, how TEXT NOT NULL DEFAULT '',
			PRIMARY KEY (thing_id, goal_id))`,
	} {
		if _, err := f.db.Exec(f.ctx, q); err != nil {
			t.Fatal(err)
		}
	}
}

func (f *fixture) thing(t *testing.T, id int64, title, on string, goalID int64) {
	t.Helper()
	if _, err := f.db.Exec(f.ctx, "INSERT INTO test_things (id, title, on_day) VALUES (?, ?, ?)", id, title, on); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Exec(f.ctx, "INSERT INTO test_thing_goals (thing_id, goal_id, how) VALUES (?, ?, 'by example')", id, goalID); err != nil {
		t.Fatal(err)
	}
}

func TestDelete(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.things(t)
		served := f.create(t, goals.Goal{Title: "Show our impact"})
		lonely := f.create(t, goals.Goal{Title: "Build a curriculum"})
		f.thing(t, 1, "Annual report", "2026-01-15", served.ID)
		f.thing(t, 2, "Impact video", "", served.ID)

		// With the source registered, the refusal names what serves it.
		f.svc.Sources = []goals.Source{thingSource(db)}
		err := f.svc.Delete(f.ctx, served.ID, 0)
		ae := checkErr(t, err, apperr.Conflict, "")
		for _, want := range []string{`"Annual report"`, `"Impact video"`, "Retire the goal instead"} {
			if !strings.Contains(ae.Message, want) {
				t.Errorf("message %q lacks %s", ae.Message, want)
			}
		}
		// Without it, the database still refuses, and says so plainly.
		f.svc.Sources = nil
		err = f.svc.Delete(f.ctx, served.ID, 0)
		ae = checkErr(t, err, apperr.Conflict, "")
		if !strings.Contains(ae.Message, "still has programming or content serving it") {
			t.Errorf("message %q", ae.Message)
		}
		if _, err := f.svc.Get(f.ctx, served.ID); err != nil {
			t.Fatalf("served goal gone: %v", err)
		}

		if err := f.svc.Delete(f.ctx, lonely.ID, 2); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("delete at a version it never had: %v", err)
		}
		if err := f.svc.Delete(f.ctx, lonely.ID, 1); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Get(f.ctx, lonely.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("deleted goal: %v", err)
		}
		if err := f.svc.Delete(f.ctx, lonely.ID, 0); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("delete twice: %v", err)
		}
	})
}

func TestServing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.things(t)
		f.svc.Sources = []goals.Source{thingSource(db)}
		g := f.create(t, goals.Goal{Title: "Connect researchers"})
		other := f.create(t, goals.Goal{Title: "Other"})
		f.thing(t, 1, "Kick-off call", "2026-01-01", g.ID)
		f.thing(t, 2, "Spring newsletter", "2026-03-31", g.ID)
		f.thing(t, 3, "Summer meetup", "2026-07-02", g.ID)
		f.thing(t, 4, "Winter hackathon", "2026-12-31", g.ID)
		f.thing(t, 5, "Ideas board", "", g.ID)
		f.thing(t, 6, "Last year", "2025-12-31", g.ID)
		f.thing(t, 7, "Someone else's", "2026-02-02", other.ID)

		titles := func(cs []goals.Contribution) string {
			var out []string
			for _, c := range cs {
				out = append(out, c.Title)
			}
			return strings.Join(out, "|")
		}
		tests := []struct {
			period   string
			quarters string // "2026 Q3=Summer meetup;..."
			undated  string
		}{
			{"2026-Q1", "2026 Q1=Spring newsletter|Kick-off call", "Ideas board"},
			{"2026-Q2", "", "Ideas board"},
			{"2026", "2026 Q4=Winter hackathon;2026 Q3=Summer meetup;2026 Q1=Spring newsletter|Kick-off call", "Ideas board"},
			{"2025-Q4", "2025 Q4=Last year", "Ideas board"},
		}
		for _, tt := range tests {
			t.Run(tt.period, func(t *testing.T) {
				p, err := goals.ParsePeriod(tt.period)
				if err != nil {
					t.Fatal(err)
				}
				s, err := f.svc.Serving(f.ctx, g.ID, p)
				if err != nil {
					t.Fatal(err)
				}
				var qs []string
				for _, q := range s.Quarters {
					qs = append(qs, q.Quarter.String()+"="+titles(q.Items))
				}
				if got := strings.Join(qs, ";"); got != tt.quarters {
					t.Errorf("quarters %q, want %q", got, tt.quarters)
				}
				if got := titles(s.Undated); got != tt.undated {
					t.Errorf("undated %q, want %q", got, tt.undated)
				}
			})
		}
		if _, err := f.svc.Serving(f.ctx, 9999, goals.Period{Year: 2026}); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown goal: %v", err)
		}
	})
}
