package web_test

import (
	"net/url"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestInteractionShowEditDelete(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Affiliation: ""})
		grace := webtest.AddMember(t, env, members.Member{Name: "Grace Hopper", Affiliation: ""})
		manager := env.Users[accounts.RoleManager].ID
		it, err := env.App.Relationships.LogInteraction(env.Ctx, relationships.InteractionInput{
			OccurredOn: "2026-03-02", Channel: relationships.Call, Summary: "Board catch-up",
			Notes: "We agreed on **three** sessions.", Outcome: "Ada will chair.",
			MemberIDs: []int64{ada.ID}, UserIDs: []int64{manager},
			FollowUp: &relationships.FollowUpInput{What: "Send the agenda", DueOn: "2026-03-05", OwnerID: manager},
		})
		if err != nil {
			t.Fatal(err)
		}
		path := "/interactions/" + webtest.ID(it.ID)
		tests := []struct {
			name   string
			method string
			path   string
			role   accounts.Role
			form   url.Values
			want   webtest.Want
		}{
			{"shown to a viewer", "GET", path, accounts.RoleViewer, nil, webtest.Want{Status: 200,
				Body: []string{"Board catch-up", "Mon 2 Mar 2026", "Call", "<strong>three</strong>", "Ada will chair.",
					"Manager User", "Send the agenda", "5 days overdue"},
				Absent: []string{"/edit", "/delete", "/complete", "Add a follow-up"},
			}},
			{"shown to a manager with actions", "GET", path, accounts.RoleManager, nil, webtest.Want{Status: 200,
				Body: []string{path + "/edit", path + "/delete", "/complete", `name="back" value="` + path + `"`,
					"/followups/new?interaction=" + webtest.ID(it.ID) + "&amp;member=" + webtest.ID(ada.ID)},
			}},
			{"unknown", "GET", "/interactions/999999", accounts.RoleViewer, nil, webtest.Want{Status: 404}},
			{"edit form filled in", "GET", path + "/edit", accounts.RoleManager, nil, webtest.Want{Status: 200,
				Body:   []string{"Edit interaction", `value="2026-03-02"`, `<option value="call" selected>`, `value="Board catch-up"`, "We agreed on **three** sessions.", `<form method="post" action="` + path + `"`, `name="op" value="find"`},
				Absent: []string{"followup.what"},
			}},
			{"edit unknown", "GET", "/interactions/999999/edit", accounts.RoleManager, nil, webtest.Want{Status: 404}},
			{"invalid change kept", "POST", path, accounts.RoleManager,
				url.Values{"occurred_on": {"2026-03-02"}, "channel": {"call"}, "summary": {""}, "member": {webtest.ID(ada.ID)}, "notes": {"new notes"}},
				webtest.Want{Status: 422, Body: []string{`id="e-summary"`, "new notes", "Save changes"}}},
			{"saved", "POST", path, accounts.RoleManager,
				url.Values{"occurred_on": {"2026-03-03"}, "channel": {"email"}, "summary": {"Board catch-up by email"},
					"member": {webtest.ID(ada.ID), webtest.ID(grace.ID)}},
				webtest.Want{Status: 303, Location: path, FlashHas: "Interaction saved."}},
			{"save unknown", "POST", "/interactions/999999", accounts.RoleManager,
				url.Values{"occurred_on": {"2026-03-03"}, "channel": {"email"}, "summary": {"x"}, "member": {webtest.ID(ada.ID)}},
				webtest.Want{Status: 404}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				webtest.Check(t, env.Do(t, webtest.Request{Method: tt.method, Path: tt.path, Role: tt.role, Form: tt.form}), tt.want)
			})
		}

		got, err := env.App.Relationships.GetInteraction(env.Ctx, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Summary != "Board catch-up by email" || got.Channel != relationships.Email || len(got.Members) != 2 || got.OccurredOn != "2026-03-03" {
			t.Fatalf("after edit: %+v", got)
		}

		rec := env.Do(t, webtest.Request{Method: "POST", Path: path + "/delete", Role: accounts.RoleManager, Form: url.Values{}})
		webtest.Check(t, rec, webtest.Want{Status: 303, Location: "/interactions", FlashHas: "Its follow-ups are still on the follow-up list."})
		if _, err := env.App.Relationships.GetInteraction(env.Ctx, it.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("interaction still there after delete: %v", err)
		}
		rec = env.Do(t, webtest.Request{Method: "POST", Path: path + "/delete", Role: accounts.RoleManager, Form: url.Values{}})
		webtest.Check(t, rec, webtest.Want{Status: 404})
	})
}
