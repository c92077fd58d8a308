package web_test

import (
	"net/url"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestActivityKindsAndManualLog(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace"})
		page := "/members/" + webtest.ID(ada.ID)
		webtest.Run(t, env, []webtest.Case{
			{Name: "viewer reads the mapping and why", Req: webtest.Request{Method: "GET", Path: "/participation/kinds", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Body: []string{"Hosted or co-organised a session", "Co-create", "Reviewing is working with another member"},
					Absent: []string{"Add a kind", "/edit"}}},
			{Name: "viewer cannot change a kind", Req: webtest.Request{Method: "POST", Path: "/participation/kinds/gave_talk", Role: accounts.RoleViewer,
				Form: url.Values{"label": {"x"}, "mode": {"convey"}, "weight": {"1"}}}, Want: webtest.Want{Status: 403}},
			{Name: "bad weight and mode", Req: webtest.Request{Method: "POST", Path: "/participation/kinds/gave_talk", Role: accounts.RoleManager,
				Form: url.Values{"label": {"Gave a talk"}, "mode": {"lurk"}, "weight": {"many"}}},
				Want: webtest.Want{Status: 422, Body: []string{`id="e-mode"`, `id="e-weight"`, "The kind was not saved."}}},
			{Name: "writer changes a kind", Req: webtest.Request{Method: "POST", Path: "/participation/kinds/gave_talk", Role: accounts.RoleManager,
				Form: url.Values{"label": {"Gave a talk"}, "mode": {"co_create"}, "weight": {"6"}, "why": {"Talks here are community-led."}}},
				Want: webtest.Want{Status: 303, Location: "/participation/kinds", FlashHas: "it counts as Co-create, weight 6"}},
			{Name: "unknown kind", Req: webtest.Request{Method: "GET", Path: "/participation/kinds/nothing/edit", Role: accounts.RoleManager},
				Want: webtest.Want{Status: 404}},
			{Name: "writer adds a kind", Req: webtest.Request{Method: "POST", Path: "/participation/kinds", Role: accounts.RoleManager,
				Form: url.Values{"key": {"ran_hackathon"}, "label": {"Ran a hackathon"}, "mode": {"co_create"}, "weight": {"5"}}},
				Want: webtest.Want{Status: 303, Location: "/participation/kinds"}},
			{Name: "key taken", Req: webtest.Request{Method: "POST", Path: "/participation/kinds", Role: accounts.RoleManager,
				Form: url.Values{"key": {"ran_hackathon"}, "label": {"Again"}, "mode": {"co_create"}, "weight": {"5"}}},
				Want: webtest.Want{Status: 422, Body: []string{`id="e-key"`, "already the key of another kind"}}},
			{Name: "log form", Req: webtest.Request{Method: "GET", Path: page + "/activities/new", Role: accounts.RoleManager},
				Want: webtest.Want{Status: 200, Body: []string{"Ran a hackathon (Co-create)", `type="datetime-local"`}}},
			{Name: "log refused", Req: webtest.Request{Method: "POST", Path: page + "/activities", Role: accounts.RoleManager,
				Form: url.Values{"kind": {""}, "occurred_at": {"2099-01-01T10:00"}, "url": {"javascript:alert(1)"}}},
				Want: webtest.Want{Status: 422, Body: []string{`id="e-kind"`, `id="e-occurred_at"`, `id="e-url"`, "The activity was not saved."}}},
			{Name: "logged", Req: webtest.Request{Method: "POST", Path: page + "/activities", Role: accounts.RoleManager,
				Form: url.Values{"kind": {"gave_talk"}, "occurred_at": {"2026-03-02T14:30"}, "title": {"Ontologies for all"}, "url": {"https://example.org/talk"}}},
				Want: webtest.Want{Status: 303, Location: page, FlashHas: "Activity logged for Ada Lovelace"}},
			{Name: "viewer cannot log", Req: webtest.Request{Method: "POST", Path: page + "/activities", Role: accounts.RoleViewer,
				Form: url.Values{"kind": {"gave_talk"}, "occurred_at": {"2026-03-02T14:30"}}}, Want: webtest.Want{Status: 403}},
			{Name: "the member page lists it", Req: webtest.Request{Method: "GET", Path: page, Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, InOrder: []string{"Participation", "Gave a talk", `href="https://example.org/talk"`, "Ontologies for all", "Co-create", "manual"},
					Absent: []string{"Log an activity"}}},
			{Name: "unknown member", Req: webtest.Request{Method: "GET", Path: "/members/999999/activities/new", Role: accounts.RoleManager},
				Want: webtest.Want{Status: 404}},
		})
	})
}
