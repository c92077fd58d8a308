package web_test

import (
	"net/url"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestGroups(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		funders := webtest.Group(t, env, "Funders")
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Affiliation: ""})
		webtest.MakeKeyMember(t, env, ada.ID, 30, funders.ID)

		tests := []struct {
			name   string
			method string
			path   string
			role   accounts.Role
			form   url.Values
			want   webtest.Want
		}{
			{"viewer reads", "GET", "/groups", accounts.RoleViewer, nil, webtest.Want{Status: 200,
				Body:   []string{"Funders", "Built in", `href="/key-members?group=` + webtest.ID(funders.ID) + `"`},
				Absent: []string{"Add a group", "/delete"},
			}},
			{"name required", "POST", "/groups", accounts.RoleManager, url.Values{"name": {"  "}},
				webtest.Want{Status: 422, Body: []string{`id="e-name"`, "is required"}}},
			{"added", "POST", "/groups", accounts.RoleManager, url.Values{"name": {"Industry partners"}},
				webtest.Want{Status: 303, Location: "/groups", FlashHas: "Added the stakeholder group Industry partners."}},
			{"duplicate shown beside the field", "POST", "/groups", accounts.RoleManager, url.Values{"name": {"funders"}},
				webtest.Want{Status: 409, Body: []string{`id="e-name"`, "There is already a stakeholder group called", `value="funders"`}}},
			{"built-in refused", "POST", "/groups/" + webtest.ID(funders.ID) + "/delete", accounts.RoleManager, url.Values{},
				webtest.Want{Status: 422, Body: []string{"built-in stakeholder group and cannot be deleted"}}},
			{"unknown", "POST", "/groups/999999/delete", accounts.RoleManager, url.Values{}, webtest.Want{Status: 404}},
			{"manager sees the form and delete buttons", "GET", "/groups", accounts.RoleManager, nil, webtest.Want{Status: 200,
				Body: []string{"Add a group", "Industry partners", "Added by your team", "/delete"},
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rec := env.Do(t, webtest.Request{Method: tt.method, Path: tt.path, Role: tt.role, Form: tt.form})
				webtest.Check(t, rec, tt.want)
			})
		}

		custom := webtest.Group(t, env, "Industry partners")
		rec := env.Do(t, webtest.Request{Method: "POST", Path: "/groups/" + webtest.ID(custom.ID) + "/delete", Role: accounts.RoleManager, Form: url.Values{}})
		webtest.Check(t, rec, webtest.Want{Status: 303, Location: "/groups", FlashHas: "Deleted the stakeholder group Industry partners."})
		groups, err := env.App.Relationships.ListGroups(env.Ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range groups {
			if g.ID == custom.ID {
				t.Fatal("the group is still there after deleting it")
			}
		}
	})
}
