package app_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// liveRollUp reads every row of the live roll-up (member months, months,
// groups) as lines, without the generation and the time it was written.
func liveRollUp(t *testing.T, db *store.DB) []string {
	t.Helper()
	const live = "(SELECT live_generation FROM participation_rollup_state WHERE id = 1)"
	var out []string
	for _, q := range []string{
		`SELECT 'member', member_id, month, deepest, modes, convey, contribute, collaborate, co_create, first_day, last_day, newcomer,
			returned_30, returned_90, COALESCE(first_contribution_days, -1), career_stage, country, affiliation
			FROM participation_member_months WHERE generation = ` + live + ` ORDER BY member_id, month`,
		`SELECT 'month', month, active, convey_members, contribute_members, collaborate_members, co_create_members, convey_acts,
			contribute_acts, collaborate_acts, co_create_acts, new_members, returned_30, returned_90, top1_acts, top10_acts,
			half_contributors, first_contributions, COALESCE(first_contribution_median, -1), member_modes, distribution
			FROM participation_months WHERE generation = ` + live + ` ORDER BY month`,
		`SELECT 'group', month, dimension, value, deepest, members, activities
			FROM participation_month_groups WHERE generation = ` + live + ` ORDER BY month, dimension, value, deepest`,
	} {
		rows, err := db.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if b, ok := v.([]byte); ok {
					vals[i] = fmt.Sprintf("%x", b)
				}
			}
			out = append(out, fmt.Sprint(vals...))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// checkRollUpFollows runs the jobs a change queued, as the worker would,
// and checks the roll-up then equals a rebuild from every activity.
func checkRollUpFollows(t *testing.T, a *app.App, step string) {
	t.Helper()
	for range 20 {
		ran, err := a.Jobs.RunNext(ctx)
		if err != nil {
			t.Fatalf("%s: job: %v", step, err)
		}
		if !ran {
			break
		}
	}
	var pending int
	if err := a.DB.QueryRow(ctx, "SELECT COUNT(*) FROM participation_rollup_pending").Scan(&pending); err != nil || pending != 0 {
		t.Fatalf("%s: %d members still marked for a roll-up (%v)", step, pending, err)
	}
	got := liveRollUp(t, a.DB)
	if err := a.Participation.RollUpAll(ctx); err != nil {
		t.Fatalf("%s: rebuild: %v", step, err)
	}
	want := liveRollUp(t, a.DB)
	if !slices.Equal(got, want) {
		t.Errorf("%s: the roll-up differs from a rebuild\n got %q\nwant %q", step, got, want)
	}
}

// TestRollUpFollowsEveryChange: after each change to members' activities
// or to the fields the figures group by (merge and its undo, deletion,
// erasure, archiving, attendance, edits, an import and its undo), the
// roll-up kept in step equals one rebuilt from scratch.
func TestRollUpFollowsEveryChange(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
		w := newWorld(t, db, func() time.Time { return now })
		a := w.a
		pia, err := a.Members.Create(ctx, members.Member{Name: "Pia Nowak", Country: "PL",
			Emails: []members.Email{{Address: "pia@example.org", Primary: true}}})
		if err != nil {
			t.Fatal(err)
		}
		eli, err := a.Members.Create(ctx, members.Member{Name: "Eli Moss", CareerStage: members.StageStudent,
			Emails: []members.Email{{Address: "eli@example.org", Primary: true}}})
		if err != nil {
			t.Fatal(err)
		}
		var lines strings.Builder
		for i, f := range []struct {
			id   int64
			kind string
			at   string
		}{
			{w.keep.ID, "attended_call", "2026-01-05T10:00:00Z"}, {w.keep.ID, "reviewed_pull_request", "2026-02-20T10:00:00Z"},
			{w.drop.ID, "answered_question", "2025-12-03T10:00:00Z"}, {w.drop.ID, "hosted_session", "2026-01-25T10:00:00Z"},
			{w.other.ID, "posted_forum", "2026-02-02T10:00:00Z"}, {pia.ID, "led_working_group", "2026-01-15T10:00:00Z"},
			{pia.ID, "attended_call", "2026-03-01T10:00:00Z"}, {eli.ID, "attended_call", "2026-02-11T10:00:00Z"},
		} {
			fmt.Fprintf(&lines, `{"member_id": %d, "kind": %q, "occurred_at": %q, "external_id": "f%d"}`+"\n", f.id, f.kind, f.at, i)
		}
		if _, err := a.Participation.Ingest(ctx, participation.Decode(strings.NewReader(lines.String()), true), participation.SourceAPI); err != nil {
			t.Fatal(err)
		}
		prog, err := a.Programming.CreateProgramme(ctx, programming.ProgrammeInput{Kind: programming.CommunityCall, Title: "Call"})
		if err != nil {
			t.Fatal(err)
		}
		session, err := a.Programming.CreateSession(ctx, prog.ID, programming.SessionInput{Title: "Kick-off", Start: "2026-02-10T10:00",
			End: "2026-02-10T11:00", TimeZone: "UTC"})
		if err != nil {
			t.Fatal(err)
		}
		yes, no, host := programming.AttendedYes, programming.AttendedNo, programming.PartHost
		var mergeID, importID int64
		get := func(id int64) members.Member {
			m, err := a.Members.Get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		for _, tc := range []struct {
			name   string
			change func() error
		}{
			{"activities ingested", func() error { return nil }},
			{"activities added to earlier months", func() error {
				// Eli's first contribution moves to January, Pia becomes
				// a newcomer of December, and the other member's
				// February counts grow: rows taken out of and put into
				// months that already had figures.
				var lines strings.Builder
				for i, f := range []struct {
					id   int64
					kind string
					at   string
				}{
					{eli.ID, "answered_question", "2026-01-20T10:00:00Z"}, {pia.ID, "attended_call", "2025-12-31T23:00:00Z"},
					{w.other.ID, "posted_forum", "2026-02-03T10:00:00Z"}, {w.other.ID, "reviewed_pull_request", "2026-02-04T10:00:00Z"},
				} {
					fmt.Fprintf(&lines, `{"member_id": %d, "kind": %q, "occurred_at": %q, "external_id": "g%d"}`+"\n", f.id, f.kind, f.at, i)
				}
				_, err := a.Participation.Ingest(ctx, participation.Decode(strings.NewReader(lines.String()), true), participation.SourceAPI)
				return err
			}},
			{"country edited", func() error {
				m := get(w.other.ID)
				m.Country = "NO"
				_, err := a.Members.Update(ctx, m)
				return err
			}},
			{"career stage and affiliation edited", func() error {
				_, err := a.Members.Edit(ctx, w.keep.ID, 0, func(m members.Member) (members.Member, error) {
					m.CareerStage, m.Affiliation = members.StageEarlyCareer, "Lund University"
					return m, nil
				})
				return err
			}},
			{"attendance recorded", func() error {
				_, err := a.Programming.RecordAttendance(ctx, session.ID, "", []programming.AttendanceInput{
					{MemberID: w.other.ID, Attended: &yes, Role: &host}, {MemberID: eli.ID, Attended: &yes}})
				return err
			}},
			{"attendance changed", func() error {
				_, err := a.Programming.RecordOne(ctx, session.ID, "", programming.AttendanceInput{MemberID: eli.ID, Attended: &no})
				return err
			}},
			{"archived", func() error { return a.Members.Archive(ctx, w.other.ID) }},
			{"merged", func() error {
				if _, err := a.Members.Merge(ctx, w.keep.ID, w.drop.ID); err != nil {
					return err
				}
				merges, err := a.Members.Merges(ctx, w.keep.ID)
				if len(merges) > 0 {
					mergeID = merges[0].ID
				}
				return err
			}},
			{"merge undone", func() error {
				_, _, err := a.Members.UndoMerge(ctx, mergeID)
				return err
			}},
			{"imported", func() error {
				run, err := a.Imports.Import(ctx, "csv", "people.csv", strings.NewReader(
					"Name,Email,Institution\nPia Nowak,pia@example.org,Gdansk University\n"), imports.Options{Source: "spreadsheet"})
				importID = run.ID
				if err == nil && run.Updated != 1 {
					err = fmt.Errorf("import updated %d members, want 1", run.Updated)
				}
				return err
			}},
			{"import undone", func() error {
				_, err := a.Imports.Undo(ctx, importID)
				return err
			}},
			{"erased", func() error {
				_, err := a.Privacy.Erase(ctx, pia.ID, 0)
				return err
			}},
			{"deleted", func() error { return a.Members.Delete(ctx, eli.ID) }},
		} {
			if err := tc.change(); err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			checkRollUpFollows(t, a, tc.name)
		}
	})
}
