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
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		one := webtest.AddMember(t, env, members.Member{Name: "Marguerite Lindqvist", Affiliation: "Uppsala University",
			Emails: []members.Email{{Address: "m.lindqvist@uu.example"}}})
		two := webtest.AddMember(t, env, members.Member{Name: "Marguerite Lindqvist",
			Emails: []members.Email{{Address: "marguerite@home.example"}}})
		a, b := webtest.ID(one.ID), webtest.ID(two.ID)
		page := "/members/" + a + "/merge"
		get := func(path string) webtest.Request {
			return webtest.Request{Method: "GET", Path: path, Role: accounts.RoleManager}
		}
		post := func(path string, kv ...string) webtest.Request {
			return webtest.Request{Method: "POST", Path: path, Role: accounts.RoleManager, Form: webtest.Form(kv...)}
		}
		webtest.Run(t, env, []webtest.Case{
			{Name: "same name is a possible duplicate", Req: get(page), Want: webtest.Want{Status: http.StatusOK,
				Body: []string{"Possible duplicates", "#" + b + ` <a href="/members/` + b + `">Marguerite Lindqvist</a>`, "Why: same name"}}},
			{Name: "which stays and which goes, by id", Req: get(page + "?with=" + b), Want: webtest.Want{Status: http.StatusOK,
				Body: []string{"<h1>Merge #" + b + " Marguerite Lindqvist into #" + a + " Marguerite Lindqvist</h1>",
					"Keep: #" + a, "Remove: #" + b, "m.lindqvist@uu.example", "marguerite@home.example", "Uppsala University",
					"Merge #" + b + " into #" + a + " (keep #" + a + ")", "Swap: keep #" + b + ", remove #" + a}}},
			{Name: "swapped", Req: get("/members/" + b + "/merge?with=" + a), Want: webtest.Want{Status: http.StatusOK,
				Body: []string{"Keep: #" + b, "Remove: #" + a, "Merge #" + a + " into #" + b + " (keep #" + b + ")"}}},
			{Name: "merge keeps the page's record", Req: post(page, "drop", b), Want: webtest.Want{Status: http.StatusSeeOther,
				Location: "/members/" + a}},
			{Name: "the merged-away profile leads to the kept one", Req: get("/members/" + b), Want: webtest.Want{Status: http.StatusSeeOther,
				Location: "/members/" + a, Flash: "info: Member #" + b + " (Marguerite Lindqvist) was merged into this record on 10 March 2026."}},
			{Name: "a member that never was is still 404", Req: get("/members/99999"), Want: webtest.Want{Status: http.StatusNotFound}},
		})
		if _, err := env.App.Members.Get(env.Ctx, one.ID); err != nil {
			t.Fatalf("kept member: %v", err)
		}
		history, err := env.App.Members.Merges(env.Ctx, one.ID)
		if err != nil || len(history) != 1 || history[0].KeptID != one.ID || history[0].DroppedID != two.ID {
			t.Fatalf("merges: %+v, %v", history, err)
		}
		undo := "/merges/" + webtest.ID(history[0].ID) + "/undo"
		webtest.Run(t, env, []webtest.Case{
			{Name: "the merge page offers the undo", Req: get(page), Want: webtest.Want{Status: http.StatusOK,
				Body: []string{"#" + b + " Marguerite Lindqvist was merged into #" + a + " Marguerite Lindqvist on",
					`<form method="post" action="` + undo + `"`, "Undo merge"}}},
			{Name: "viewers cannot undo", Req: webtest.Request{Method: "POST", Path: undo, Role: accounts.RoleViewer}, Want: webtest.Want{Status: http.StatusForbidden}},
			{Name: "undo", Req: post(undo), Want: webtest.Want{Status: http.StatusSeeOther, Location: page,
				Flash: "success: Undid the merge: Marguerite Lindqvist (#" + b + ") and Marguerite Lindqvist (#" + a + ") are separate records again."}},
			{Name: "the record is back", Req: get("/members/" + b), Want: webtest.Want{Status: http.StatusOK, Body: []string{"marguerite@home.example"}}},
			{Name: "undone twice", Req: post(undo), Want: webtest.Want{Status: http.StatusConflict, Body: []string{"already undone"}}},
			{Name: "no such merge", Req: post("/merges/99999/undo"), Want: webtest.Want{Status: http.StatusNotFound}},
			{Name: "not the same person", Req: post("/members/"+a+"/distinct", "other", b), Want: webtest.Want{Status: http.StatusSeeOther, Location: page}},
			{Name: "no longer offered, listed as different", Req: get(page), Want: webtest.Want{Status: http.StatusOK,
				Body:   []string{"Marked as different people", `action="/members/` + a + `/distinct/` + b + `/remove"`, "; undone on "},
				Absent: []string{"Why: same name"}}},
			{Name: "not from the other side either", Req: get("/members/" + b + "/merge"), Want: webtest.Want{Status: http.StatusOK,
				Absent: []string{"Why: same name"}}},
			{Name: "comparing them recalls the decision", Req: get(page + "?with=" + b), Want: webtest.Want{Status: http.StatusOK,
				Body: []string{"#" + a + " and #" + b + " were marked as different people."}}},
			{Name: "the other is needed", Req: post("/members/"+a+"/distinct", "other", "x"), Want: webtest.Want{Status: http.StatusUnprocessableEntity}},
			{Name: "not with themselves", Req: post("/members/"+a+"/distinct", "other", a), Want: webtest.Want{Status: http.StatusUnprocessableEntity}},
			{Name: "they may be the same after all", Req: post("/members/" + a + "/distinct/" + b + "/remove"), Want: webtest.Want{Status: http.StatusSeeOther, Location: page}},
			{Name: "offered again", Req: get(page), Want: webtest.Want{Status: http.StatusOK, Body: []string{"Why: same name"}}},
		})
	})
}

// Adding a second Marguerite with another email warns by name; going on
// records that she is a different person.
func TestMemberCreateWarnsByName(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		first := webtest.AddMember(t, env, members.Member{Name: "Marguerite Lindqvist", Affiliation: "Uppsala University",
			Emails: []members.Email{{Address: "m.lindqvist@uu.example"}}})
		form := func(kv ...string) webtest.Request {
			return webtest.Request{Method: "POST", Path: "/members", Role: accounts.RoleManager, Form: webtest.Form(append([]string{
				"name", "Lindqvist, Marguérite", "emails", "marguerite@home.example", "status", "active"}, kv...)...)}
		}
		webtest.Run(t, env, []webtest.Case{
			{Name: "warned by name", Req: form(), Want: webtest.Want{Status: http.StatusConflict, Body: []string{
				"This may be someone who is already here", "same name, written “Marguerite Lindqvist”",
				`<input type="hidden" form="member-form" name="distinct_from" value="` + webtest.ID(first.ID) + `">`,
				"Not the same person: add this record"}}},
			{Name: "a bad decision", Req: form("confirm_duplicate", "1", "distinct_from", "first"), Want: webtest.Want{Status: http.StatusUnprocessableEntity}},
			{Name: "a different person", Req: form("confirm_duplicate", "1", "distinct_from", webtest.ID(first.ID)), Want: webtest.Want{Status: http.StatusSeeOther}},
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
