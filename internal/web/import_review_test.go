package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// TestImportReviewQueue follows the queue across imports, merges and
// decisions taken on the queue and on the member merge page: it lists
// every uncertain match of every run, oldest first, and never a settled
// pair.
func TestImportReviewQueue(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		var existing []members.Member
		for _, n := range []string{"Ada Lovelace", "Grace Hopper", "Alan Turing", "Mary Somerville"} {
			existing = append(existing, webtest.AddMember(t, env, members.Member{Name: n}))
		}
		imp := func(name, body string) imports.Run {
			t.Helper()
			run, err := env.App.Imports.Import(env.Ctx, "csv", name, strings.NewReader(body), imports.Options{})
			if err != nil {
				t.Fatal(err)
			}
			return run
		}
		first := imp("first.csv", "name,email\nAda Lovelace,ada2@example.org\nGrace Hopper,grace2@example.org\n")
		second := imp("second.csv", "name,email\nAlan Turing,alan2@example.org\nMary Somerville,mary2@example.org\nNew Person,new@example.org\n")
		queue := func() []imports.Review {
			t.Helper()
			p, err := env.App.Imports.ReviewQueue(env.Ctx, 0, 100)
			if err != nil {
				t.Fatal(err)
			}
			if int(p.Pending) != len(p.Reviews) {
				t.Fatalf("pending %d, listed %d", p.Pending, len(p.Reviews))
			}
			return p.Reviews
		}
		names := func() string {
			var out []string
			for _, v := range queue() {
				out = append(out, v.Existing.Name)
			}
			return strings.Join(out, ", ")
		}
		if got, want := names(), "Ada Lovelace, Grace Hopper, Alan Turing, Mary Somerville"; got != want {
			t.Fatalf("queue after two imports: %s, want %s", got, want)
		}
		q := queue()
		if q[0].RunID != first.ID || q[2].RunID != second.ID || q[0].New.PrimaryEmail() != "ada2@example.org" || q[0].Line != 2 {
			t.Fatalf("first pair: %+v", q[0])
		}
		// The same file again matches by email: nothing new to review.
		imp("first-again.csv", "name,email\nAda Lovelace,ada2@example.org\nGrace Hopper,grace2@example.org\n")
		if n := len(queue()); n != 4 {
			t.Fatalf("after a re-import: %d pairs, want 4", n)
		}

		webtest.Run(t, env, []webtest.Case{
			{Name: "imports page links the queue with its count", Req: webtest.Request{Method: "GET", Path: "/imports", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Body: []string{`href="/imports/review"`, "Matches to review (4)"}}},
			{Name: "queue page, oldest first, both records", Req: webtest.Request{Method: "GET", Path: "/imports/review", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, InOrder: []string{"4 pairs wait", "ada2@example.org", "grace2@example.org", "alan2@example.org", "mary2@example.org"},
					Body: []string{"first.csv, line 2"}, Absent: []string{"/imports/review/" + webtest.ID(q[0].ID) + "/merge"}}},
			{Name: "a viewer may not merge", Req: webtest.Request{Method: "POST", Path: "/imports/review/" + webtest.ID(q[0].ID) + "/merge", Role: accounts.RoleViewer, Form: webtest.Form()},
				Want: webtest.Want{Status: http.StatusForbidden}},
			{Name: "a viewer may not decide", Req: webtest.Request{Method: "POST", Path: "/imports/review/" + webtest.ID(q[0].ID) + "/distinct", Role: accounts.RoleViewer, Form: webtest.Form()},
				Want: webtest.Want{Status: http.StatusForbidden}},
			{Name: "merge from the queue", Req: webtest.Request{Method: "POST", Path: "/imports/review/" + webtest.ID(q[0].ID) + "/merge", Role: accounts.RoleManager, Form: webtest.Form()},
				Want: webtest.Want{Status: http.StatusSeeOther, Location: "/imports/review", FlashHas: "into Ada Lovelace (#" + webtest.ID(existing[0].ID) + ")"}},
			{Name: "a settled pair cannot be merged again", Req: webtest.Request{Method: "POST", Path: "/imports/review/" + webtest.ID(q[0].ID) + "/merge", Role: accounts.RoleManager, Form: webtest.Form()},
				Want: webtest.Want{Status: http.StatusNotFound}},
			{Name: "not the same person from the queue", Req: webtest.Request{Method: "POST", Path: "/imports/review/" + webtest.ID(q[1].ID) + "/distinct", Role: accounts.RoleManager, Form: webtest.Form()},
				Want: webtest.Want{Status: http.StatusSeeOther, Location: "/imports/review", FlashHas: "different people"}},
			{Name: "not the same person from the merge page", Req: webtest.Request{Method: "POST", Path: "/members/" + webtest.ID(q[2].New.ID) + "/distinct", Role: accounts.RoleManager,
				Form: webtest.Form("other", webtest.ID(q[2].Existing.ID))}, Want: webtest.Want{Status: http.StatusSeeOther}},
			{Name: "merge from the merge page, the other way round", Req: webtest.Request{Method: "POST", Path: "/members/" + webtest.ID(q[3].New.ID) + "/merge", Role: accounts.RoleManager,
				Form: webtest.Form("drop", webtest.ID(q[3].Existing.ID))}, Want: webtest.Want{Status: http.StatusSeeOther}},
			{Name: "the queue is empty", Req: webtest.Request{Method: "GET", Path: "/imports/review", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Body: []string{"0 pairs wait", "Nothing to review"}}},
		})
		if d, err := env.App.Members.DistinctFrom(env.Ctx, q[1].New.ID); err != nil || len(d) != 1 || d[0].ID != q[1].Existing.ID {
			t.Errorf("the queue's decision was not kept as a member decision: %v %v", d, err)
		}

		// Taking a decision back, or undoing a merge, puts the pair back.
		if err := env.App.Members.UnmarkDistinct(env.Ctx, q[2].Existing.ID, q[2].New.ID); err != nil {
			t.Fatal(err)
		}
		merges, err := env.App.Members.Merges(env.Ctx, q[3].New.ID)
		if err != nil || len(merges) == 0 {
			t.Fatalf("merges: %v %v", merges, err)
		}
		if _, _, err := env.App.Members.UndoMerge(env.Ctx, merges[0].ID); err != nil {
			t.Fatal(err)
		}
		if got, want := names(), "Alan Turing, Mary Somerville"; got != want {
			t.Fatalf("after taking back: %s, want %s", got, want)
		}

		webtest.Run(t, env, []webtest.Case{
			{Name: "API: a page of one", Req: webtest.Request{Method: "GET", Path: "/api/v1/imports/review?limit=1", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, CheckJSON: func(t *testing.T, b map[string]any) {
					rs := b["reviews"].([]any)
					if b["pending"] != float64(2) || len(rs) != 1 || b["next_after_id"] != float64(q[2].ID) {
						t.Fatalf("page: %v", b)
					}
					if rs[0].(map[string]any)["existing"].(map[string]any)["name"] != "Alan Turing" {
						t.Fatalf("first: %v", rs[0])
					}
				}}},
			{Name: "API: the next page", Req: webtest.Request{Method: "GET", Path: "/api/v1/imports/review?limit=1&after_id=" + webtest.ID(q[2].ID), Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, CheckJSON: func(t *testing.T, b map[string]any) {
					rs := b["reviews"].([]any)
					if len(rs) != 1 || b["next_after_id"] != nil || rs[0].(map[string]any)["id"] != float64(q[3].ID) {
						t.Fatalf("page: %v", b)
					}
				}}},
			{Name: "API: bad after_id", Req: webtest.Request{Method: "GET", Path: "/api/v1/imports/review?after_id=x", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 422, Field: "after_id"}},
			{Name: "API: a viewer may not merge", Req: webtest.Request{Method: "POST", Path: "/api/v1/imports/review/" + webtest.ID(q[2].ID) + "/merge", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 403}},
			{Name: "API: bad keep", Req: webtest.Request{Method: "POST", Path: "/api/v1/imports/review/" + webtest.ID(q[2].ID) + "/merge", Role: accounts.RoleManager, JSON: map[string]string{"keep": "both"}},
				Want: webtest.Want{Status: 422, Field: "keep"}},
			{Name: "API: merge keeping the new one", Req: webtest.Request{Method: "POST", Path: "/api/v1/imports/review/" + webtest.ID(q[2].ID) + "/merge", Role: accounts.RoleManager, JSON: map[string]string{"keep": "new"}},
				Want: webtest.Want{Status: 200, CheckJSON: func(t *testing.T, b map[string]any) {
					if b["id"] != float64(q[2].New.ID) {
						t.Fatalf("kept %v, want the new member %d", b["id"], q[2].New.ID)
					}
				}}},
			{Name: "API: not the same person", Req: webtest.Request{Method: "POST", Path: "/api/v1/imports/review/" + webtest.ID(q[3].ID) + "/distinct", Role: accounts.RoleManager},
				Want: webtest.Want{Status: 200}},
			{Name: "API: settled", Req: webtest.Request{Method: "POST", Path: "/api/v1/imports/review/" + webtest.ID(q[3].ID) + "/distinct", Role: accounts.RoleManager},
				Want: webtest.Want{Status: 404}},
		})
		if n := len(queue()); n != 0 {
			t.Fatalf("%d pairs left, want 0", n)
		}

		// An undone import takes its pairs with it.
		third := imp("third.csv", "name,email\nAda Lovelace,ada3@example.org\n")
		if n := len(queue()); n != 1 {
			t.Fatalf("after a third import: %d pairs, want 1", n)
		}
		if _, err := env.App.Imports.Undo(env.Ctx, third.ID); err != nil {
			t.Fatal(err)
		}
		if n := len(queue()); n != 0 {
			t.Fatalf("after its undo: %d pairs, want 0", n)
		}
	})
}

// TestImportReviewBackfill runs migration 0032's backfill on runs logged
// before the queue existed: every review item of a finished run, settled
// as things stand (merged, marked distinct, its import undone).
func TestImportReviewBackfill(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		for _, n := range []string{"Ada Lovelace", "Grace Hopper", "Alan Turing"} {
			webtest.AddMember(t, env, members.Member{Name: n})
		}
		run := func(name, body string) imports.Run {
			r, err := env.App.Imports.Import(env.Ctx, "csv", name, strings.NewReader(body), imports.Options{})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		run("a.csv", "name,email\nAda Lovelace,a2@example.org\nGrace Hopper,g2@example.org\nAlan Turing,t2@example.org\n")
		undone := run("b.csv", "name,email\nAda Lovelace,a3@example.org\n")
		if _, err := env.App.Imports.Undo(env.Ctx, undone.ID); err != nil {
			t.Fatal(err)
		}
		q, err := env.App.Imports.ReviewQueue(env.Ctx, 0, 10)
		if err != nil || len(q.Reviews) != 3 {
			t.Fatalf("queue: %d %v", len(q.Reviews), err)
		}
		if _, err := env.App.Members.Merge(env.Ctx, q.Reviews[0].Existing.ID, q.Reviews[0].New.ID); err != nil {
			t.Fatal(err)
		}
		if err := env.App.Members.MarkDistinct(env.Ctx, q.Reviews[1].New.ID, q.Reviews[1].Existing.ID); err != nil {
			t.Fatal(err)
		}
		// As before the migration: no queue, only the runs' logs.
		if _, err := env.App.DB.Exec(env.Ctx, "DELETE FROM import_reviews"); err != nil {
			t.Fatal(err)
		}
		all, err := store.Migrations(env.App.DB.Dialect)
		if err != nil {
			t.Fatal(err)
		}
		var backfill []string
		for _, m := range all {
			if m.Version != 32 {
				continue
			}
			for _, stmt := range strings.Split(m.SQL, ";\n") {
				var code []string
				for _, line := range strings.Split(stmt, "\n") {
					if !strings.HasPrefix(strings.TrimSpace(line), "--") {
						code = append(code, line)
					}
				}
				s := strings.TrimSpace(strings.Join(code, "\n"))
				if strings.HasPrefix(s, "INSERT INTO import_reviews") || strings.HasPrefix(s, "UPDATE import_reviews") {
					backfill = append(backfill, s)
				}
			}
		}
		if len(backfill) != 4 {
			t.Fatalf("found %d backfill statements in migration 32, want 4", len(backfill))
		}
		for _, s := range backfill {
			if _, err := env.App.DB.Exec(env.Ctx, s); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
		rows, err := env.App.DB.Query(env.Ctx, "SELECT member_id, other_id, settled FROM import_reviews ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var got []string
		for rows.Next() {
			var m, o int64
			var s string
			if err := rows.Scan(&m, &o, &s); err != nil {
				t.Fatal(err)
			}
			got = append(got, fmt.Sprintf("%d-%d:%s", m, o, s))
		}
		r := q.Reviews
		want := []string{fmt.Sprintf("%d-%d:merged", r[0].New.ID, r[0].Existing.ID), fmt.Sprintf("%d-%d:distinct", r[1].New.ID, r[1].Existing.ID),
			fmt.Sprintf("%d-%d:", r[2].New.ID, r[2].Existing.ID)}
		if len(got) != 4 || strings.Join(got[:3], " ") != strings.Join(want, " ") || !strings.HasSuffix(got[3], ":undone") {
			t.Fatalf("backfilled %v, want %v and an undone pair", got, want)
		}
		if p, err := env.App.Imports.ReviewQueue(env.Ctx, 0, 10); err != nil || p.Pending != 1 {
			t.Fatalf("pending after the backfill: %d %v", p.Pending, err)
		}
	})
}
