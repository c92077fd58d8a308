package web_test

import (
	"net/http"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// TestAuditLogNames: the audit log names each record as it was called at
// the time of the change, links members to their page (which, for a
// member merged away, leads on to the one they were merged into), and
// still names records that are gone.
func TestAuditLogNames(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Byron"})
		ada.Name = "Ada Lovelace"
		if _, err := env.App.Members.Update(env.Ctx, ada); err != nil {
			t.Fatal(err)
		}
		if _, err := env.App.Relationships.SetKeyMember(env.Ctx, ada.ID, relationships.Monthly, nil, ""); err != nil {
			t.Fatal(err)
		}
		bob := webtest.AddMember(t, env, members.Member{Name: "Bob Babbage"})
		if err := env.App.Members.Delete(env.Ctx, bob.ID); err != nil {
			t.Fatal(err)
		}
		it, err := env.App.Relationships.LogInteraction(env.Ctx, relationships.InteractionInput{
			OccurredOn: "2026-03-01", Channel: relationships.Call, Summary: "Talked engines", MemberIDs: []int64{ada.ID}})
		if err != nil {
			t.Fatal(err)
		}
		webtest.Run(t, env, []webtest.Case{
			{Name: "names, not numbers", Req: webtest.Request{Method: "GET", Path: "/audit", Role: accounts.RoleOwner}, Want: webtest.Want{
				Status: http.StatusOK,
				Body: []string{
					// Created as Ada Byron, renamed: each entry keeps its name.
					`<a href="/members/` + webtest.ID(ada.ID) + `">Ada Byron</a>`,
					`<a href="/members/` + webtest.ID(ada.ID) + `">Ada Lovelace</a>`,
					`<small class="muted">Key member</small>`,
					// Deleted: named, not linked.
					`<small class="muted">Member</small><br>Bob Babbage</td>`,
					`<a href="/interactions/` + webtest.ID(it.ID) + `">Talked engines</a>`,
				},
				Absent: []string{">member " + webtest.ID(ada.ID) + "<", `href="/members/` + webtest.ID(bob.ID) + `"`},
			}},
		})
	})
}
