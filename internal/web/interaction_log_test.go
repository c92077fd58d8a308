package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestInteractionNewForm(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Affiliation: "Analytical Society"})
		grace := webtest.AddMember(t, env, members.Member{Name: "Grace Hopper", Affiliation: "Navy Lab"})
		bea := webtest.AddMember(t, env, members.Member{Name: "Bea Bloggs", Affiliation: ""})
		webtest.MakeKeyMember(t, env, bea.ID, 30)
		manager := webtest.ID(env.Users[accounts.RoleManager].ID)

		tests := []struct {
			name string
			path string
			form url.Values // when set, POSTed to path (Find and Add)
			want webtest.Want
		}{
			{"first visit from a member page", "/interactions/new?member=" + webtest.ID(ada.ID), nil, webtest.Want{Status: 200, Body: []string{
				`name="occurred_on" type="date" value="2026-03-10"`,
				`name="member" value="` + webtest.ID(ada.ID) + `" checked`,
				`name="member" value="` + webtest.ID(bea.ID) + `">`, // key members offered, not ticked
				`name="user" value="` + manager + `" checked`,
				`<option value="` + manager + `" selected>Manager User`,
				`name="from_member" value="` + webtest.ID(ada.ID) + `"`,
			}}},
			{"find keeps what was typed and offers matches", "/interactions", url.Values{
				"occurred_on": {"2026-03-09"}, "channel": {"call"}, "member": {webtest.ID(ada.ID)},
				"summary": {"Talked about the workshop"}, "notes": {"Private: moving to Oslo"}, "find": {"grace"},
				"from_member": {webtest.ID(ada.ID)}, "op": {"find"},
			}, webtest.Want{Status: 200, Body: []string{
				`value="2026-03-09"`, `<option value="call" selected>`, `value="Talked about the workshop"`,
				"Private: moving to Oslo",
				`name="member" value="` + webtest.ID(ada.ID) + `" checked`,
				`<button type="submit" name="add" value="` + webtest.ID(grace.ID) + `" formnovalidate>`,
				`name="from_member" value="` + webtest.ID(ada.ID) + `"`,
			}, Absent: []string{
				// A re-rendered form keeps the people ticked as they were.
				`name="user" value="` + manager + `" checked`,
			}}},
			{"add ticks the member found", "/interactions", url.Values{
				"occurred_on": {"2026-03-09"}, "member": {webtest.ID(ada.ID)}, "find": {"grace"}, "add": {webtest.ID(grace.ID)},
			}, webtest.Want{Status: 200, Body: []string{
				`name="member" value="` + webtest.ID(grace.ID) + `" checked`, "No other member matches",
			}}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				req := webtest.Request{Method: "GET", Path: tt.path, Role: accounts.RoleManager}
				if tt.form != nil {
					req.Method, req.Form = "POST", tt.form
				}
				webtest.Check(t, env.Do(t, req), tt.want)
			})
		}
	})
}

func TestInteractionLog(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Affiliation: ""})
		grace := webtest.AddMember(t, env, members.Member{Name: "Grace Hopper", Affiliation: ""})
		manager := webtest.ID(env.Users[accounts.RoleManager].ID)
		valid := func(change func(v url.Values)) url.Values {
			v := url.Values{
				"occurred_on": {"2026-03-09"}, "channel": {"meeting"}, "member": {webtest.ID(ada.ID), webtest.ID(grace.ID)},
				"user": {manager}, "summary": {"Planning the spring workshop"}, "notes": {"We agreed on **three** sessions."},
				"outcome": {"Ada will chair."}, "followup.owner_id": {manager},
			}
			change(v)
			return v
		}
		tests := []struct {
			name string
			form url.Values
			want webtest.Want
		}{
			{"nothing filled in", url.Values{"occurred_on": {"2026-03-10"}, "notes": {"kept notes"}}, webtest.Want{Status: 422, Body: []string{
				`id="e-summary"`, "is required", `id="e-members"`, "choose at least one member", `id="e-channel"`, "kept notes",
			}}},
			{"date in the future", valid(func(v url.Values) { v.Set("occurred_on", "2026-03-11") }), webtest.Want{Status: 422, Body: []string{
				`id="e-occurred_on"`, "cannot be in the future", `value="Planning the spring workshop"`,
				`name="member" value="` + webtest.ID(grace.ID) + `" checked`,
			}}},
			{"follow-up without a due date", valid(func(v url.Values) { v.Set("followup.what", "Send the agenda") }), webtest.Want{Status: 422, Body: []string{
				`id="e-followup.due_on"`, "is required", `value="Send the agenda"`,
			}}},
			{"back to the member it was logged from", valid(func(v url.Values) {
				v.Set("from_member", webtest.ID(ada.ID))
				v.Set("followup.what", "Send the agenda")
				v.Set("followup.due_on", "2026-03-13")
			}), webtest.Want{Status: 303, Location: "/members/" + webtest.ID(ada.ID), FlashHas: "success: Interaction logged."}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				webtest.Check(t, env.Do(t, webtest.Request{Method: "POST", Path: "/interactions", Role: accounts.RoleManager, Form: tt.form}), tt.want)
			})
		}

		list, _, err := env.App.Relationships.ListInteractions(env.Ctx, relationships.InteractionFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 {
			t.Fatalf("%d interactions stored, want 1 (failed forms store nothing)", len(list))
		}
		it := list[0]
		if it.Summary != "Planning the spring workshop" || it.Channel != relationships.Meeting || it.OccurredOn != "2026-03-09" ||
			len(it.Members) != 2 || len(it.Users) != 1 || it.Outcome != "Ada will chair." {
			t.Fatalf("stored %+v", it)
		}
		if len(it.FollowUps) != 1 || it.FollowUps[0].What != "Send the agenda" || it.FollowUps[0].DueOn != "2026-03-13" ||
			webtest.ID(it.FollowUps[0].OwnerID) != manager {
			t.Fatalf("follow-ups %+v, want the agenda due 2026-03-13 owned by the manager", it.FollowUps)
		}

		// Without a member page to go back to, the new interaction is shown.
		rec := env.Do(t, webtest.Request{Method: "POST", Path: "/interactions", Role: accounts.RoleManager, Form: valid(func(url.Values) {})})
		webtest.Check(t, rec, webtest.Want{Status: 303})
		if loc := rec.Header().Get("Location"); !strings.HasPrefix(loc, "/interactions/") {
			t.Fatalf("Location %q, want the interaction's page", loc)
		}
	})
}
