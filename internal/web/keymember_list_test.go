package web_test

import (
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestKeyMemberList(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		funders := webtest.Group(t, env, "Funders")
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Affiliation: ""})
		bea := webtest.AddMember(t, env, members.Member{Name: "Bea Bloggs", Affiliation: ""})
		cy := webtest.AddMember(t, env, members.Member{Name: "Cy Young", Affiliation: ""})
		webtest.MakeKeyMember(t, env, ada.ID, 30, funders.ID)
		if _, err := env.App.Relationships.SetKeyMember(env.Ctx, bea.ID, 14, nil, "Runs the Lagos chapter"); err != nil {
			t.Fatal(err)
		}
		webtest.MakeKeyMember(t, env, cy.ID, 30, funders.ID)
		webtest.LogInteraction(t, env, "2026-02-20", "call", "Catch-up", ada.ID) // due 22 Mar
		webtest.LogInteraction(t, env, "2026-02-01", "call", "Catch-up", bea.ID) // 23 days overdue
		webtest.LogInteraction(t, env, "2026-01-30", "call", "Catch-up", cy.ID)  // 9 days overdue

		tests := []struct {
			name  string
			path  string
			role  accounts.Role
			want  webtest.Want
			order []string // names in the order they must appear
		}{
			{"most overdue first", "/key-members", accounts.RoleManager,
				webtest.Want{Status: 200, Body: []string{"23 days overdue", "9 days overdue", "Edit<span", `<p class="key-note">Runs the Lagos chapter</p>`}},
				[]string{"Bea Bloggs", "Cy Young", "Ada Lovelace"}},
			{"by name", "/key-members?sort=name", accounts.RoleManager, webtest.Want{Status: 200},
				[]string{"Ada Lovelace", "Bea Bloggs", "Cy Young"}},
			{"one group", "/key-members?group=" + webtest.ID(funders.ID), accounts.RoleViewer,
				webtest.Want{Status: 200, Body: []string{"Key members: Funders"}, Absent: []string{"Bea Bloggs", "Edit<span", "/interactions/new"}},
				[]string{"Cy Young", "Ada Lovelace"}},
			{"unknown group", "/key-members?group=999999", accounts.RoleViewer, webtest.Want{Status: 404}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rec := env.Do(t, webtest.Request{Method: "GET", Path: tt.path, Role: tt.role})
				webtest.Check(t, rec, tt.want)
				webtest.InOrder(t, rec.Body.String(), tt.order)
			})
		}
	})
}
