package web_test

import (
	"net/url"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestFollowUpCreate(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Affiliation: "Analytical Society"})
		manager := webtest.ID(env.Users[accounts.RoleManager].ID)
		tests := []struct {
			name   string
			method string
			path   string
			form   url.Values
			want   webtest.Want
		}{
			{"form for a member", "GET", "/followups/new?member=" + webtest.ID(ada.ID), nil, webtest.Want{Status: 200, Body: []string{
				`<option value="` + webtest.ID(ada.ID) + `" selected>Ada Lovelace (Analytical Society)`,
				`<option value="` + manager + `" selected>Manager User`,
				`name="due_on" type="date" value="2026-03-17"`,
				`name="back" value="/members/` + webtest.ID(ada.ID) + `"`,
			}}},
			{"what is required", "POST", "/followups",
				url.Values{"what": {""}, "due_on": {"2026-03-12"}, "member_id": {webtest.ID(ada.ID)}, "back": {"/members/" + webtest.ID(ada.ID)}},
				webtest.Want{Status: 422, Body: []string{`id="e-what"`, "is required", `value="2026-03-12"`,
					`<option value="` + webtest.ID(ada.ID) + `" selected>`}}},
			{"unknown owner", "POST", "/followups",
				url.Values{"what": {"Call"}, "due_on": {"2026-03-12"}, "owner_id": {"999999"}},
				webtest.Want{Status: 422, Body: []string{`id="e-owner_id"`, "team user 999999 does not exist"}}},
			{"added, back to the member", "POST", "/followups",
				url.Values{"what": {"Send the slides"}, "due_on": {"2026-03-12"}, "owner_id": {manager},
					"member_id": {webtest.ID(ada.ID)}, "back": {"/members/" + webtest.ID(ada.ID)}},
				webtest.Want{Status: 303, Location: "/members/" + webtest.ID(ada.ID), FlashHas: "Follow-up added: Send the slides, due in 2 days."}},
			{"never sent off-site", "POST", "/followups",
				url.Values{"what": {"Other"}, "due_on": {"2026-03-12"}, "back": {"//evil.example/x"}},
				webtest.Want{Status: 303, Location: "/followups"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				webtest.Check(t, env.Do(t, webtest.Request{Method: tt.method, Path: tt.path, Role: accounts.RoleManager, Form: tt.form}), tt.want)
			})
		}
		list, _, err := env.App.Relationships.ListFollowUps(env.Ctx, relationships.FollowUpFilter{MemberID: ada.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].What != "Send the slides" || list[0].DueOn != "2026-03-12" || webtest.ID(list[0].OwnerID) != manager {
			t.Fatalf("Ada's follow-ups: %+v", list)
		}
	})
}
