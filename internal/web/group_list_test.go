package web_test

import (
	"net/url"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestGroups(t *testing.T) {
	relEachDialect(t, func(t *testing.T, env *webtest.Env) {
		funders := relGroup(t, env, "Funders")
		ada := relMember(t, env, "Ada Lovelace", "")
		relMakeKey(t, env, ada.ID, 30, funders.ID)

		tests := []struct {
			name   string
			method string
			path   string
			role   accounts.Role
			form   url.Values
			want   relWant
		}{
			{"viewer reads", "GET", "/groups", accounts.RoleViewer, nil, relWant{status: 200,
				body:   []string{"Funders", "Built in", `href="/key-members?group=` + relStr(funders.ID) + `"`},
				absent: []string{"Add a group", "/delete"},
			}},
			{"name required", "POST", "/groups", accounts.RoleManager, url.Values{"name": {"  "}},
				relWant{status: 422, body: []string{`id="e-name"`, "is required"}}},
			{"added", "POST", "/groups", accounts.RoleManager, url.Values{"name": {"Industry partners"}},
				relWant{status: 303, location: "/groups", flash: "Added the stakeholder group Industry partners."}},
			{"duplicate shown beside the field", "POST", "/groups", accounts.RoleManager, url.Values{"name": {"funders"}},
				relWant{status: 409, body: []string{`id="e-name"`, "There is already a stakeholder group called", `value="funders"`}}},
			{"built-in refused", "POST", "/groups/" + relStr(funders.ID) + "/delete", accounts.RoleManager, url.Values{},
				relWant{status: 422, body: []string{"built-in stakeholder group and cannot be deleted"}}},
			{"unknown", "POST", "/groups/999999/delete", accounts.RoleManager, url.Values{}, relWant{status: 404}},
			{"manager sees the form and delete buttons", "GET", "/groups", accounts.RoleManager, nil, relWant{status: 200,
				body: []string{"Add a group", "Industry partners", "Added by your team", "/delete"},
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rec := env.Do(t, webtest.Request{Method: tt.method, Path: tt.path, Role: tt.role, Form: tt.form})
				relCheck(t, rec, tt.want)
			})
		}

		custom := relGroup(t, env, "Industry partners")
		rec := env.Do(t, webtest.Request{Method: "POST", Path: "/groups/" + relStr(custom.ID) + "/delete", Role: accounts.RoleManager, Form: url.Values{}})
		relCheck(t, rec, relWant{status: 303, location: "/groups", flash: "Deleted the stakeholder group Industry partners."})
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
