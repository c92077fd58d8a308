package web_test

import (
	"net/http"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// Two records of one name: the merge page says which stays and which goes
// by id, the merged-away profile leads to the kept one, and Undo merge and
// "not the same person" work from the page.
func TestMemberMergeByNameUndoAndDistinct(t *testing.T) {
	memEachDialect(t, func(t *testing.T, env *webtest.Env) {
		one := memAdd(t, env, members.Member{Name: "Marguerite Lindqvist", Affiliation: "Uppsala University",
			Emails: []members.Email{{Address: "m.lindqvist@uu.example"}}})
		two := memAdd(t, env, members.Member{Name: "Marguerite Lindqvist",
			Emails: []members.Email{{Address: "marguerite@home.example"}}})
		a, b := itoa(one.ID), itoa(two.ID)
		page := "/members/" + a + "/merge"
		get := func(path string) webtest.Request { return webtest.Request{Method: "GET", Path: path} }
		post := func(path string, kv ...string) webtest.Request {
			return webtest.Request{Method: "POST", Path: path, Form: memForm(kv...)}
		}
		memRun(t, env, []memCase{
			{"same name is a possible duplicate", get(page), memWant{status: http.StatusOK,
				body: []string{"Possible duplicates", "#" + b + ` <a href="/members/` + b + `">Marguerite Lindqvist</a>`, "Why: same name"}}},
			{"which stays and which goes, by id", get(page + "?with=" + b), memWant{status: http.StatusOK,
				body: []string{"<h1>Merge #" + b + " Marguerite Lindqvist into #" + a + " Marguerite Lindqvist</h1>",
					"Keep: #" + a, "Remove: #" + b, "m.lindqvist@uu.example", "marguerite@home.example", "Uppsala University",
					"Merge #" + b + " into #" + a + " (keep #" + a + ")", "Swap: keep #" + b + ", remove #" + a}}},
			{"swapped", get("/members/" + b + "/merge?with=" + a), memWant{status: http.StatusOK,
				body: []string{"Keep: #" + b, "Remove: #" + a, "Merge #" + a + " into #" + b + " (keep #" + b + ")"}}},
			{"merge keeps the page's record", post(page, "drop", b), memWant{status: http.StatusSeeOther,
				location: "/members/" + a}},
			{"the merged-away profile leads to the kept one", get("/members/" + b), memWant{status: http.StatusSeeOther,
				location: "/members/" + a, flash: "info: Member #" + b + " (Marguerite Lindqvist) was merged into this record on 10 March 2026."}},
			{"a member that never was is still 404", get("/members/99999"), memWant{status: http.StatusNotFound}},
		})
		if _, err := env.App.Members.Get(env.Ctx, one.ID); err != nil {
			t.Fatalf("kept member: %v", err)
		}
		history, err := env.App.Members.Merges(env.Ctx, one.ID)
		if err != nil || len(history) != 1 || history[0].KeptID != one.ID || history[0].DroppedID != two.ID {
			t.Fatalf("merges: %+v, %v", history, err)
		}
		undo := "/merges/" + itoa(history[0].ID) + "/undo"
		memRun(t, env, []memCase{
			{"the merge page offers the undo", get(page), memWant{status: http.StatusOK,
				body: []string{"#" + b + " Marguerite Lindqvist was merged into #" + a + " Marguerite Lindqvist on",
					`<form method="post" action="` + undo + `"`, "Undo merge"}}},
			{"viewers cannot undo", webtest.Request{Method: "POST", Path: undo, Role: accounts.RoleViewer}, memWant{status: http.StatusForbidden}},
			{"undo", post(undo), memWant{status: http.StatusSeeOther, location: page,
				flash: "success: Undid the merge: Marguerite Lindqvist (#" + b + ") and Marguerite Lindqvist (#" + a + ") are separate records again."}},
			{"the record is back", get("/members/" + b), memWant{status: http.StatusOK, body: []string{"marguerite@home.example"}}},
			{"undone twice", post(undo), memWant{status: http.StatusConflict, body: []string{"already undone"}}},
			{"no such merge", post("/merges/99999/undo"), memWant{status: http.StatusNotFound}},
			{"not the same person", post("/members/"+a+"/distinct", "other", b), memWant{status: http.StatusSeeOther, location: page}},
			{"no longer offered, listed as different", get(page), memWant{status: http.StatusOK,
				body:   []string{"Marked as different people", `action="/members/` + a + `/distinct/` + b + `/remove"`, "; undone on "},
				absent: []string{"Why: same name"}}},
			{"not from the other side either", get("/members/" + b + "/merge"), memWant{status: http.StatusOK,
				absent: []string{"Why: same name"}}},
			{"comparing them recalls the decision", get(page + "?with=" + b), memWant{status: http.StatusOK,
				body: []string{"#" + a + " and #" + b + " were marked as different people."}}},
			{"the other is needed", post("/members/"+a+"/distinct", "other", "x"), memWant{status: http.StatusUnprocessableEntity}},
			{"not with themselves", post("/members/"+a+"/distinct", "other", a), memWant{status: http.StatusUnprocessableEntity}},
			{"they may be the same after all", post("/members/" + a + "/distinct/" + b + "/remove"), memWant{status: http.StatusSeeOther, location: page}},
			{"offered again", get(page), memWant{status: http.StatusOK, body: []string{"Why: same name"}}},
		})
	})
}

// Adding a second Marguerite with another email warns by name; going on
// records that she is a different person.
func TestMemberCreateWarnsByName(t *testing.T) {
	memEachDialect(t, func(t *testing.T, env *webtest.Env) {
		first := memAdd(t, env, members.Member{Name: "Marguerite Lindqvist", Affiliation: "Uppsala University",
			Emails: []members.Email{{Address: "m.lindqvist@uu.example"}}})
		form := func(kv ...string) webtest.Request {
			return webtest.Request{Method: "POST", Path: "/members", Form: memForm(append([]string{
				"name", "Lindqvist, Marguérite", "emails", "marguerite@home.example", "status", "active"}, kv...)...)}
		}
		memRun(t, env, []memCase{
			{"warned by name", form(), memWant{status: http.StatusConflict, body: []string{
				"This may be someone who is already here", "same name, written “Marguerite Lindqvist”",
				`<input type="hidden" form="member-form" name="distinct_from" value="` + itoa(first.ID) + `">`,
				"Not the same person: add this record"}}},
			{"a bad decision", form("confirm_duplicate", "1", "distinct_from", "first"), memWant{status: http.StatusUnprocessableEntity}},
			{"a different person", form("confirm_duplicate", "1", "distinct_from", itoa(first.ID)), memWant{status: http.StatusSeeOther}},
		})
		res, err := env.App.Members.List(env.Ctx, members.Filter{Q: "home.example"}, members.Page{Limit: 5})
		if err != nil || len(res.Members) != 1 {
			t.Fatalf("added: %+v, %v", res.Members, err)
		}
		dups, err := env.App.Members.FindDuplicates(env.Ctx, res.Members[0])
		if err != nil || len(dups) != 0 {
			t.Errorf("still offered as duplicates: %+v, %v", dups, err)
		}
		if _, err := env.App.Members.Get(env.Ctx, 99999); !apperr.Is(err, apperr.NotFound) {
			t.Fatal(err)
		}
	})
}
