package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/config"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

var ctx = audit.WithActor(context.Background(), audit.Actor{Name: "test"})

// notCompared are tables a merge and its undo rightly change: the history
// of both, and SQLite's full-text index internals (their bytes depend on
// the order rows were indexed in; the index itself is checked by a search).
func notCompared(table string) bool {
	return table == "audit_log" || table == "member_merges" || strings.HasPrefix(table, "members_fts_") ||
		strings.HasPrefix(table, "members_substr_") || strings.HasPrefix(table, "sqlite_")
}

// dumpAll reads every row of every table of the schema, as sorted text.
func dumpAll(t *testing.T, db *store.DB) map[string][]string {
	t.Helper()
	query := "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
	if db.Dialect == store.Postgres {
		query = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()
			AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	rows, err := db.Query(ctx, query)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		if !notCompared(name) {
			tables = append(tables, name)
		}
	}
	rows.Close()
	if len(tables) < 10 {
		t.Fatalf("found only tables %v", tables)
	}
	out := map[string][]string{}
	for _, table := range tables {
		out[table] = dumpTable(t, db, table)
	}
	return out
}

func dumpTable(t *testing.T, db *store.DB, table string) []string {
	t.Helper()
	rows, err := db.Query(ctx, "SELECT * FROM "+table)
	if err != nil {
		t.Fatalf("%s: %v", table, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		r := map[string]any{}
		for i, c := range cols {
			if b, ok := vals[i].([]byte); ok {
				vals[i] = string(b)
			}
			r[c] = vals[i]
		}
		b, _ := json.Marshal(r)
		out = append(out, string(b))
	}
	slices.Sort(out)
	return out
}

// world is two records of one person with something in every table that
// hangs off a member, and a bystander they share things with.
type world struct {
	a                 *app.App
	keep, drop, other members.Member
	dropFollowUp      int64
}

func newWorld(t *testing.T, db *store.DB, now func() time.Time) world {
	t.Helper()
	a := app.New(config.Config{}, db, time.UTC, nil, now)
	w := world{a: a}
	create := func(m members.Member) members.Member {
		out, err := a.Members.Create(ctx, m)
		if err != nil {
			t.Fatalf("create %s: %v", m.Name, err)
		}
		return out
	}
	hours := 4
	w.keep = create(members.Member{Name: "Marguerite Lindqvist", Status: members.StatusActive,
		Emails:      []members.Email{{Address: "m.lindqvist@uu.example", Primary: true}},
		Affiliation: "Uppsala University", Tags: []string{"speaker"}, Interests: []string{"ecology"},
		Identities: []members.Identity{{Platform: "github", Handle: "mlind"}}, JoinedOn: "2024-03-01",
		CustomFields: map[string]string{"lab": "Evolution"}, Notes: "Kept record."})
	w.drop = create(members.Member{Name: "Lindqvist, Marguérite", Status: members.StatusLapsed,
		Emails:        []members.Email{{Address: "marguerite@home.example", Primary: true}, {Address: "m.lindqvist@uu.example"}},
		PreferredName: "Maggie", Pronouns: "she/her", JobTitle: "Genome curator", ORCID: "0000-0002-1825-0097", Country: "SE",
		TimeZone: "Europe/Stockholm", CareerStage: members.StageSenior, JoinedOn: "2022-01-15",
		Tags: []string{"Speaker", "mentor"}, Expertise: []string{"genomics"}, Languages: []string{"Swedish"},
		Identities:   []members.Identity{{Platform: "github", Handle: "MLind"}, {Platform: "mastodon", Handle: "@mlind@scholar.social"}},
		Preferences:  members.Preferences{Modality: "written", Timing: "asynchronous", HoursPerMonth: &hours},
		Consent:      members.Consent{Contact: true, Basis: "consent", Date: "2022-01-15"},
		CustomFields: map[string]string{"lab": "Genomics", "shirt": "M"}, Notes: "Old spreadsheet record."})
	w.other = create(members.Member{Name: "Ola Berg", Status: members.StatusActive})

	groups, err := a.Relationships.ListGroups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Relationships.SetKeyMember(ctx, w.keep.ID, 30, []int64{groups[0].ID, groups[1].ID}, "kept"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Relationships.SetKeyMember(ctx, w.drop.ID, 91, []int64{groups[1].ID, groups[3].ID}, "dropped"); err != nil {
		t.Fatal(err)
	}
	logIt := func(date string, ids ...int64) relationships.Interaction {
		it, err := a.Relationships.LogInteraction(ctx, relationships.InteractionInput{
			OccurredOn: date, Channel: relationships.Call, Summary: "Catch-up", MemberIDs: ids})
		if err != nil {
			t.Fatal(err)
		}
		return it
	}
	logIt("2026-01-10", w.keep.ID, w.drop.ID) // both: one row after the merge
	logIt("2026-01-11", w.drop.ID, w.other.ID)
	logIt("2026-01-12", w.keep.ID)
	for _, id := range []int64{w.keep.ID, w.drop.ID} {
		fu, err := a.Relationships.CreateFollowUp(ctx, relationships.FollowUpInput{What: "Write back", DueOn: "2026-04-01", MemberID: id})
		if err != nil {
			t.Fatal(err)
		}
		w.dropFollowUp = fu.ID
	}
	if err := a.Members.MarkDistinct(ctx, w.drop.ID, w.other.ID); err != nil {
		t.Fatal(err)
	}
	if err := a.Members.MarkDistinct(ctx, w.keep.ID, w.other.ID); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestUndoMergeRestoresEveryRow(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
		w := newWorld(t, db, func() time.Time { return now })
		before := dumpAll(t, db)
		now = now.Add(time.Hour)
		if _, err := w.a.Members.Merge(ctx, w.keep.ID, w.drop.ID); err != nil {
			t.Fatal(err)
		}
		merged := dumpAll(t, db)
		if fmt.Sprint(merged) == fmt.Sprint(before) {
			t.Fatal("the merge changed nothing")
		}
		history, err := w.a.Members.Merges(ctx, w.keep.ID)
		if err != nil || len(history) != 1 {
			t.Fatalf("merges = %v, %v", history, err)
		}
		now = now.Add(time.Hour)
		kept, restored, err := w.a.Members.UndoMerge(ctx, history[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if kept.ID != w.keep.ID || restored.ID != w.drop.ID || restored.Name != w.drop.Name {
			t.Errorf("undo gave %d and %d %q", kept.ID, restored.ID, restored.Name)
		}
		after := dumpAll(t, db)
		for table, rows := range before {
			if !slices.Equal(rows, after[table]) {
				t.Errorf("%s differs after undo:\nbefore %v\nafter  %v", table, rows, after[table])
			}
		}
		// The full-text index finds the restored member again.
		res, err := w.a.Members.List(ctx, members.Filter{Q: "spreadsheet"}, members.Page{Limit: 10})
		if err != nil || len(res.Members) != 1 || res.Members[0].ID != w.drop.ID {
			t.Errorf("search after undo = %+v, %v", res.Members, err)
		}
		// So does the substring index behind "job title contains".
		res, err = w.a.Members.List(ctx, members.Filter{JobTitle: "curato"}, members.Page{Limit: 10})
		if err != nil || len(res.Members) != 1 || res.Members[0].ID != w.drop.ID {
			t.Errorf("job title filter after undo = %+v, %v", res.Members, err)
		}
		_, _, err = w.a.Members.UndoMerge(ctx, history[0].ID)
		if !apperr.Is(err, apperr.Conflict) {
			t.Errorf("second undo: %v, want conflict", err)
		}
	})
}

func TestUndoMergeRefusesWhenNotExact(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		between func(t *testing.T, w world) // after the merge, before the undo
		want    apperr.Code                 // "" when the undo must succeed
		message string
	}{
		{"nothing happened", func(*testing.T, world) {}, "", ""},
		{"kept member edited", func(t *testing.T, w world) {
			m, _ := w.a.Members.Get(ctx, w.keep.ID)
			m.JobTitle = "Professor"
			if _, err := w.a.Members.Update(ctx, m); err != nil {
				t.Fatal(err)
			}
		}, apperr.Conflict, "record (edited"},
		{"moved follow-up completed", func(t *testing.T, w world) {
			if _, err := w.a.Relationships.CompleteFollowUp(ctx, w.dropFollowUp); err != nil {
				t.Fatal(err)
			}
		}, apperr.Conflict, "interaction or follow-up"},
		{"kept member deleted", func(t *testing.T, w world) {
			if err := w.a.Members.Delete(ctx, w.keep.ID); err != nil {
				t.Fatal(err)
			}
		}, apperr.Conflict, "was deleted"},
		{"kept member merged into another since", func(t *testing.T, w world) {
			if _, err := w.a.Members.Merge(ctx, w.other.ID, w.keep.ID); err != nil {
				t.Fatal(err)
			}
		}, apperr.Conflict, "was merged into Ola Berg"},
		{"another member merged into the kept one since", func(t *testing.T, w world) {
			if _, err := w.a.Members.Merge(ctx, w.keep.ID, w.other.ID); err != nil {
				t.Fatal(err)
			}
		}, apperr.Conflict, "Ola Berg (#3) was merged into Marguerite Lindqvist (#1) after this merge"},
		{"new interaction with the kept member stays", func(t *testing.T, w world) {
			if _, err := w.a.Relationships.LogInteraction(ctx, relationships.InteractionInput{
				OccurredOn: "2026-03-14", Channel: relationships.Call, Summary: "After", MemberIDs: []int64{w.keep.ID}}); err != nil {
				t.Fatal(err)
			}
		}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				now := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
				w := newWorld(t, db, func() time.Time { return now })
				now = now.Add(time.Hour)
				if _, err := w.a.Members.Merge(ctx, w.keep.ID, w.drop.ID); err != nil {
					t.Fatal(err)
				}
				now = now.Add(time.Hour)
				tt.between(t, w)
				history, err := w.a.Members.Merges(ctx, w.drop.ID)
				if err != nil || len(history) != 1 {
					t.Fatalf("merges = %v, %v", history, err)
				}
				// history[0] is the first merge, of drop into keep.
				snapshot := dumpAll(t, db)
				_, _, err = w.a.Members.UndoMerge(ctx, history[0].ID)
				if tt.want == "" {
					if err != nil {
						t.Fatalf("undo: %v", err)
					}
					return
				}
				if !apperr.Is(err, tt.want) || !strings.Contains(err.Error(), tt.message) {
					t.Fatalf("undo: %v, want %s saying %q", err, tt.want, tt.message)
				}
				if got := dumpAll(t, db); fmt.Sprint(got) != fmt.Sprint(snapshot) {
					t.Error("a refused undo changed the database")
				}
			})
		})
	}
}

// Two people pressing Undo merge at once: one undoes it, the other is told
// it was already undone, and the dropped member comes back once.
func TestUndoMergeTwiceAtOnce(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db, time.Now)
		if _, err := w.a.Members.Merge(ctx, w.keep.ID, w.drop.ID); err != nil {
			t.Fatal(err)
		}
		history, err := w.a.Members.Merges(ctx, w.keep.ID)
		if err != nil || len(history) != 1 {
			t.Fatalf("merges = %v, %v", history, err)
		}
		errs := make(chan error, 2)
		for range 2 {
			go func() {
				_, _, err := w.a.Members.UndoMerge(ctx, history[0].ID)
				errs <- err
			}()
		}
		var ok, conflict int
		for range 2 {
			switch err := <-errs; {
			case err == nil:
				ok++
			case apperr.Is(err, apperr.Conflict) && strings.Contains(err.Error(), "already undone"):
				conflict++
			default:
				t.Errorf("undo: %v", err)
			}
		}
		if ok != 1 || conflict != 1 {
			t.Errorf("%d undos succeeded and %d were refused, want 1 and 1", ok, conflict)
		}
	})
}

// Two merges into one record, undone newest first, give back all three
// records exactly.
func TestUndoMergesInTurn(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
		w := newWorld(t, db, func() time.Time { return now })
		before := dumpAll(t, db)
		for _, drop := range []int64{w.drop.ID, w.other.ID} {
			now = now.Add(time.Hour)
			if _, err := w.a.Members.Merge(ctx, w.keep.ID, drop); err != nil {
				t.Fatal(err)
			}
		}
		history, err := w.a.Members.Merges(ctx, w.keep.ID)
		if err != nil || len(history) != 2 {
			t.Fatalf("merges = %v, %v", history, err)
		}
		if _, _, err := w.a.Members.UndoMerge(ctx, history[1].ID); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("undoing the older merge first: %v", err)
		}
		for _, m := range history { // newest first
			now = now.Add(time.Hour)
			if _, _, err := w.a.Members.UndoMerge(ctx, m.ID); err != nil {
				t.Fatal(err)
			}
		}
		after := dumpAll(t, db)
		for table, rows := range before {
			if !slices.Equal(rows, after[table]) {
				t.Errorf("%s differs after both undos:\nbefore %v\nafter  %v", table, rows, after[table])
			}
		}
	})
}

// Every table whose rows hang off a member (a foreign key to members or to
// key_members) must be recorded by a merge, or a merge would lose its rows
// and the undo could not bring them back. A capability adding such a table
// registers it in members.Service.MergeTables.
func TestMergeRecordsEveryMemberTable(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := app.New(config.Config{}, db, time.UTC, nil, time.Now)
		query := `SELECT DISTINCT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f
			WHERE m.type = 'table' AND f."table" IN ('members', 'key_members') ORDER BY m.name`
		if db.Dialect == store.Postgres {
			query = `SELECT DISTINCT tc.table_name FROM information_schema.table_constraints tc
				JOIN information_schema.constraint_column_usage cu
					ON cu.constraint_name = tc.constraint_name AND cu.constraint_schema = tc.constraint_schema
				WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()
					AND cu.table_name IN ('members', 'key_members') ORDER BY tc.table_name`
		}
		rows, err := db.Query(ctx, query)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		recorded := a.Members.RecordedTables()
		n := 0
		for rows.Next() {
			var table string
			if err := rows.Scan(&table); err != nil {
				t.Fatal(err)
			}
			n++
			if !slices.Contains(recorded, table) {
				t.Errorf("table %s belongs to members but a merge does not record it (recorded: %v)", table, recorded)
			}
		}
		if err := rows.Err(); err != nil || n < 5 {
			t.Fatalf("found %d member tables: %v", n, err)
		}
	})
}
