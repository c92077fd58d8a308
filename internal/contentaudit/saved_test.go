package contentaudit

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// twoQuarters are the results of auditing Q2 and Q3: the goal gap closed,
// the co-create gap stayed the same, the night gap grew, and Q3 found
// items without a goal.
func twoQuarters() (q2, q3 Result) {
	goal := Gap{Rule: "goal_served_by_nothing", Key: "goal_served_by_nothing:goal/1", Message: "Nothing serves the goal “G”.",
		Figures: map[string]float64{"items_in_period": 0, "items_before": 0}, Links: []Link{{Kind: "goal", ID: 1, Title: "G", Path: "/goals/1"}}}
	mode := Gap{Rule: "mode_without_programming", Key: "mode_without_programming:co_create", Message: "No co-create.",
		Figures: map[string]float64{"programmes": 4, "content_items_inviting": 0}, Links: []Link{}}
	night := func(members float64) Gap {
		return Gap{Rule: "sessions_at_night", Key: "sessions_at_night", Message: "Night.",
			Figures: map[string]float64{"sessions": 6, "members": members, "time_zones": 2},
			Details: []Detail{{"Asia/Tokyo", members}}, Links: []Link{{Kind: "programme", ID: 4, Title: "Call", Path: "/programmes/4"}}}
	}
	loose := Gap{Rule: "item_without_goal", Key: "item_without_goal", Message: "Loose.",
		Figures: map[string]float64{"items_without_goal": 1, "items_in_period": 5}, Links: []Link{}}
	q2 = Result{From: "2026-04-01", To: "2026-06-30", Period: "Q2 2026", Items: make([]Item, 3), Gaps: []Gap{goal, mode, night(100)}}
	q3 = Result{From: "2026-07-01", To: "2026-09-30", Period: "Q3 2026", Items: make([]Item, 5), Gaps: []Gap{mode, night(250), loose}}
	return q2, q3
}

func withUser(t *testing.T, db *store.DB) context.Context {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		id, err = tx.Insert(ctx, "INSERT INTO users (email, name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
			"mo@example.org", "Mo Manager", "manager", "x", 1, 1)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return audit.WithActor(ctx, audit.Actor{UserID: id, Name: "Mo Manager"})
}

func fieldsOf(t *testing.T, err error, code apperr.Code) map[string]string {
	t.Helper()
	ae, ok := errors.AsType[*apperr.Error](err)
	if !ok || ae.Code != code {
		t.Fatalf("err = %v, want %s", err, code)
	}
	return ae.Fields
}

func TestSavedAudits(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newService(db)
		ctx := withUser(t, db)
		q2, q3 := twoQuarters()
		a, err := s.Save(ctx, q2, "  First audit.  ")
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.Save(ctx, q3, "")
		if err != nil {
			t.Fatal(err)
		}
		if a.Notes != "First audit." || a.GapCount != 3 || a.ItemCount != 3 || a.CreatedByName != "Mo Manager" || a.CreatedBy == 0 {
			t.Errorf("saved = %+v", a)
		}

		got, err := s.Get(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, a) {
			t.Errorf("Get =\n  %+v\nwant what Save returned\n  %+v", got, a)
		}

		list, err := s.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].ID != b.ID || list[1].ID != a.ID || list[0].Findings != nil || list[1].Period != "Q2 2026" {
			t.Errorf("List = %+v", list)
		}

		// Decisions and notes, per finding.
		if err := s.Decide(ctx, b.ID, "sessions_at_night", Act, "Move one call to 08:00 UTC."); err != nil {
			t.Fatal(err)
		}
		if err := s.Decide(ctx, b.ID, "item_without_goal", Stop, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.Decide(ctx, b.ID, "item_without_goal", Accept, "Keep it."); err != nil {
			t.Fatal(err)
		}
		if err := s.Decide(ctx, b.ID, "mode_without_programming:co_create", Revisit, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.Decide(ctx, b.ID, "mode_without_programming:co_create", Undecided, " "); err != nil {
			t.Fatal(err)
		}
		got, err = s.Get(ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		var decided []string
		for _, f := range got.Findings {
			decided = append(decided, f.Key+"="+string(f.Decision)+":"+f.Note)
		}
		want := []string{"mode_without_programming:co_create=:", "sessions_at_night=act:Move one call to 08:00 UTC.", "item_without_goal=accept:Keep it."}
		if !reflect.DeepEqual(decided, want) {
			t.Errorf("findings = %q, want %q", decided, want)
		}
		var rows int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM content_audit_notes WHERE audit_id = ?", b.ID).Scan(&rows); err != nil || rows != 2 {
			t.Errorf("note rows = %d, %v; want 2 (a cleared decision leaves no row)", rows, err)
		}

		if err := s.SetNotes(ctx, a.ID, "Revised."); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Get(ctx, a.ID); got.Notes != "Revised." {
			t.Errorf("notes = %q", got.Notes)
		}

		// Comparing, in either order.
		for _, pair := range [][2]int64{{a.ID, b.ID}, {b.ID, a.ID}} {
			c, err := s.CompareSaved(ctx, pair[0], pair[1])
			if err != nil {
				t.Fatal(err)
			}
			if c.Before.ID != a.ID || c.After.ID != b.ID || c.Same != 1 || c.Before.Findings != nil ||
				len(c.New) != 1 || c.New[0].Key != "item_without_goal" || c.New[0].Decision != Accept ||
				len(c.Closed) != 1 || c.Closed[0].Key != "goal_served_by_nothing:goal/1" ||
				len(c.Changed) != 1 || c.Changed[0].After.Key != "sessions_at_night" ||
				!reflect.DeepEqual(c.Changed[0].Figures, []FigureChange{{"members", 100, 250}}) {
				t.Errorf("CompareSaved(%v) = %+v", pair, c)
			}
		}

		var actions []string
		entries, err := audit.List(ctx, db, audit.Filter{Entity: entity})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			actions = append(actions, e.Action+" "+e.EntityName+" by "+e.Actor)
		}
		wantActions := []string{"update Q2 2026 by Mo Manager", "decide Q3 2026 by Mo Manager", "decide Q3 2026 by Mo Manager",
			"decide Q3 2026 by Mo Manager", "decide Q3 2026 by Mo Manager", "decide Q3 2026 by Mo Manager",
			"create Q3 2026 by Mo Manager", "create Q2 2026 by Mo Manager"}
		if !reflect.DeepEqual(actions, wantActions) {
			t.Errorf("audit log = %q", actions)
		}

		if err := s.Delete(ctx, b.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, b.ID); !isCode(err, apperr.NotFound) {
			t.Errorf("Get after Delete: %v", err)
		}
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM content_audit_notes").Scan(&rows); err != nil || rows != 0 {
			t.Errorf("notes left after Delete: %d, %v", rows, err)
		}
	})
}

func isCode(err error, code apperr.Code) bool {
	ae, ok := errors.AsType[*apperr.Error](err)
	return ok && ae.Code == code
}

func TestSavedAuditsRefuseBadInput(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newService(db)
		ctx := context.Background()
		q2, _ := twoQuarters()
		if f := fieldsOf(t, func() error { _, err := s.Save(ctx, q2, "bad\x00"); return err }(), apperr.Invalid); f["notes"] == "" {
			t.Errorf("NUL in notes: fields %v", f)
		}
		if f := fieldsOf(t, func() error { _, err := s.Save(ctx, q2, strings.Repeat("é", MaxNotes+1)); return err }(), apperr.Invalid); f["notes"] != "must be at most 20000 characters" {
			t.Errorf("long notes: fields %v", f)
		}
		bad := q2
		bad.To = "2026-03-01"
		if f := fieldsOf(t, func() error { _, err := s.Save(ctx, bad, ""); return err }(), apperr.Invalid); f["to"] == "" {
			t.Errorf("period backwards: fields %v", f)
		}
		twice := q2
		twice.Gaps = append([]Gap{}, q2.Gaps[0], q2.Gaps[0])
		if _, err := s.Save(ctx, twice, ""); err == nil {
			t.Error("two findings with one key: saved")
		}
		if list, _ := s.List(ctx); len(list) != 0 {
			t.Fatalf("refused saves left %d audits", len(list))
		}

		sv, err := s.Save(ctx, Result{From: "2026-07-01", To: "2026-09-30", Period: "Q3 2026"}, "")
		if err != nil || sv.GapCount != 0 || len(sv.Findings) != 0 {
			t.Fatalf("saving an audit with no gaps: %+v, %v", sv, err)
		}
		if got, err := s.Get(ctx, sv.ID); err != nil || len(got.Findings) != 0 || got.CreatedBy != 0 || got.CreatedByName != "" {
			t.Errorf("Get = %+v, %v", got, err)
		}
		cases := []struct {
			name  string
			err   error
			code  apperr.Code
			field string
		}{
			{"unknown audit", s.Decide(ctx, sv.ID+99, "x", Act, ""), apperr.NotFound, ""},
			{"unknown finding", s.Decide(ctx, sv.ID, "sessions_at_night", Act, ""), apperr.Invalid, "key"},
			{"unknown decision", s.Decide(ctx, sv.ID, "x", Decision("maybe"), ""), apperr.Invalid, "decision"},
			{"bad note", s.Decide(ctx, sv.ID, "x", Act, "\x1b[31m"), apperr.Invalid, "note"},
			{"notes on an unknown audit", s.SetNotes(ctx, sv.ID+99, "x"), apperr.NotFound, ""},
			{"bad notes", s.SetNotes(ctx, sv.ID, "\x00"), apperr.Invalid, "notes"},
			{"delete an unknown audit", s.Delete(ctx, sv.ID+99), apperr.NotFound, ""},
			{"compare with itself", func() error { _, err := s.CompareSaved(ctx, sv.ID, sv.ID); return err }(), apperr.Invalid, "with"},
			{"compare with an unknown audit", func() error { _, err := s.CompareSaved(ctx, sv.ID, sv.ID+99); return err }(), apperr.NotFound, ""},
		}
		for _, c := range cases {
			f := fieldsOf(t, c.err, c.code)
			if c.field != "" && f[c.field] == "" {
				t.Errorf("%s: fields %v, want one on %s", c.name, f, c.field)
			}
		}
	})
}

func TestCompare(t *testing.T) {
	t.Parallel()
	f := func(key string, figures map[string]float64) Finding {
		return Finding{Gap: Gap{Rule: strings.SplitN(key, ":", 2)[0], Key: key, Figures: figures}}
	}
	before := Saved{ID: 1, From: "2026-04-01", To: "2026-06-30", Findings: []Finding{
		f("review_overdue", map[string]float64{"items": 3, "most_days_overdue": 40}),
		f("sessions_at_night", map[string]float64{"members": 10, "sessions": 4}),
		f("item_without_goal", map[string]float64{"items_without_goal": 2}),
	}}
	after := Saved{ID: 2, From: "2026-07-01", To: "2026-09-30", Findings: []Finding{
		f("sessions_at_night", map[string]float64{"members": 10, "sessions": 4}),
		f("review_overdue", map[string]float64{"items": 3, "most_days_overdue": 131, "new_figure": 1}),
		f("mode_without_programming:co_create", map[string]float64{"programmes": 5}),
	}}
	c := Compare(after, before)
	if c.Before.ID != 1 || c.After.ID != 2 || c.Same != 1 || c.Before.Findings != nil || c.After.Findings != nil {
		t.Errorf("Compare = %+v", c)
	}
	if len(c.New) != 1 || c.New[0].Key != "mode_without_programming:co_create" || len(c.Closed) != 1 || c.Closed[0].Key != "item_without_goal" {
		t.Errorf("new %+v, closed %+v", c.New, c.Closed)
	}
	want := []FigureChange{{"most_days_overdue", 40, 131}, {"new_figure", 0, 1}}
	if len(c.Changed) != 1 || c.Changed[0].Before.Key != "review_overdue" || !reflect.DeepEqual(c.Changed[0].Figures, want) {
		t.Errorf("changed = %+v, want review_overdue with %v", c.Changed, want)
	}
	// Two audits of one period: the one saved first is Before.
	same := after
	same.ID = 3
	if c := Compare(same, after); c.Before.ID != 2 || c.After.ID != 3 || c.Same != 3 || len(c.New)+len(c.Closed)+len(c.Changed) != 0 {
		t.Errorf("same period = %+v", c)
	}
	if c := Compare(Saved{ID: 1, To: "2026-06-30"}, Saved{ID: 2, To: "2026-09-30"}); c.New == nil || c.Closed == nil || c.Changed == nil {
		t.Errorf("empty audits: lists must be empty, not null, in JSON: %+v", c)
	}
}
