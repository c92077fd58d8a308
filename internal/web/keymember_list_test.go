package web_test

import (
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestKeyMemberList(t *testing.T) {
	relEachDialect(t, func(t *testing.T, env *webtest.Env) {
		funders := relGroup(t, env, "Funders")
		ada := relMember(t, env, "Ada Lovelace", "")
		bea := relMember(t, env, "Bea Bloggs", "")
		cy := relMember(t, env, "Cy Young", "")
		relMakeKey(t, env, ada.ID, 30, funders.ID)
		if _, err := env.App.Relationships.SetKeyMember(env.Ctx, bea.ID, 14, nil, "Runs the Lagos chapter"); err != nil {
			t.Fatal(err)
		}
		relMakeKey(t, env, cy.ID, 30, funders.ID)
		relLog(t, env, "2026-02-20", "call", "Catch-up", ada.ID) // due 22 Mar
		relLog(t, env, "2026-02-01", "call", "Catch-up", bea.ID) // 23 days overdue
		relLog(t, env, "2026-01-30", "call", "Catch-up", cy.ID)  // 9 days overdue

		tests := []struct {
			name  string
			path  string
			role  accounts.Role
			want  relWant
			order []string // names in the order they must appear
		}{
			{"most overdue first", "/key-members", accounts.RoleManager,
				relWant{status: 200, body: []string{"23 days overdue", "9 days overdue", "Edit<span", `<p class="key-note">Runs the Lagos chapter</p>`}},
				[]string{"Bea Bloggs", "Cy Young", "Ada Lovelace"}},
			{"by name", "/key-members?sort=name", accounts.RoleManager, relWant{status: 200},
				[]string{"Ada Lovelace", "Bea Bloggs", "Cy Young"}},
			{"one group", "/key-members?group=" + relStr(funders.ID), accounts.RoleViewer,
				relWant{status: 200, body: []string{"Key members: Funders"}, absent: []string{"Bea Bloggs", "Edit<span", "/interactions/new"}},
				[]string{"Cy Young", "Ada Lovelace"}},
			{"unknown group", "/key-members?group=999999", accounts.RoleViewer, relWant{status: 404}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rec := env.Do(t, webtest.Request{Method: "GET", Path: tt.path, Role: tt.role})
				relCheck(t, rec, tt.want)
				relInOrder(t, rec.Body.String(), tt.order)
			})
		}
	})
}
