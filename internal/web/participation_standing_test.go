package web_test

import (
	"net/url"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// TestParticipationStandingPages: the member's block, the model page with
// its settings form (and a colleague's save shown, not overwritten), and
// the lists with their "log an interaction" links, for each role.
func TestParticipationStandingPages(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace"})
		grace := webtest.AddMember(t, env, members.Member{Name: "Grace Hopper"})
		page := "/members/" + webtest.ID(ada.ID)
		// webtest.Now is 2026-03-10 10:00 UTC.
		webtest.Run(t, env, []webtest.Case{
			{Name: "a talk today", Req: webtest.Request{Method: "POST", Path: page + "/activities", Role: accounts.RoleManager,
				Form: url.Values{"kind": {"gave_talk"}, "occurred_at": {"2026-03-10T10:00"}}}, Want: webtest.Want{Status: 303}},
			{Name: "a call long ago", Req: webtest.Request{Method: "POST", Path: "/members/" + webtest.ID(grace.ID) + "/activities", Role: accounts.RoleManager,
				Form: url.Values{"kind": {"attended_call"}, "occurred_at": {"2026-01-20T10:00"}}}, Want: webtest.Want{Status: 303}},
			{Name: "the member's block", Req: webtest.Request{Method: "GET", Path: page, Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, InOrder: []string{"Participation", "Mode", "Contribute", "since 2026-03-10", "Stage", "Newcomer",
					"Engagement", "4.00", "Σ weight × 2", "Pathway", `<time datetime="2026-03-10">2026-03-10</time> <span class="step">up</span> to Contribute`,
					"What makes up Ada Lovelace", "4.000"}, Body: []string{`href="/participation/model"`}}},
			{Name: "the model, for a viewer", Req: webtest.Request{Method: "GET", Path: "/participation/model", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Body: []string{"t−W+1", "Drifting", "Was active, now quiet", "Window: 90 days"}, Absent: []string{"Save settings"}}},
			{Name: "the model, for a writer", Req: webtest.Request{Method: "GET", Path: "/participation/model", Role: accounts.RoleManager},
				Want: webtest.Want{Status: 200, Body: []string{"Save settings", `name="version" value="1"`}}},
			{Name: "viewer cannot save", Req: webtest.Request{Method: "POST", Path: "/participation/settings", Role: accounts.RoleViewer,
				Form: url.Values{"window_days": {"60"}, "half_life_days": {"30"}, "version": {"1"}}}, Want: webtest.Want{Status: 403}},
			{Name: "out of range", Req: webtest.Request{Method: "POST", Path: "/participation/settings", Role: accounts.RoleManager,
				Form: url.Values{"window_days": {"3"}, "half_life_days": {"x"}, "version": {"1"}}},
				Want: webtest.Want{Status: 422, Body: []string{`id="e-window_days"`, `id="e-half_life_days"`, "The settings were not saved."}}},
			{Name: "saved", Req: webtest.Request{Method: "POST", Path: "/participation/settings", Role: accounts.RoleManager,
				Form: url.Values{"window_days": {"60"}, "half_life_days": {"30"}, "version": {"1"}}},
				Want: webtest.Want{Status: 303, Location: "/participation/model", FlashHas: "Saved the participation settings"}},
			{Name: "a colleague's save is shown", Req: webtest.Request{Method: "POST", Path: "/participation/settings", Role: accounts.RoleOwner,
				Form: url.Values{"window_days": {"120"}, "half_life_days": {"30"}, "version": {"1"}}},
				Want: webtest.Want{Status: 409, Body: []string{"The settings were not saved.", `name="version" value="2"`, "60"}}},
			{Name: "the change waits for its job", Req: webtest.Request{Method: "GET", Path: "/participation/model", Role: accounts.RoleOwner},
				Want: webtest.Want{Status: 200, Body: []string{"A change of the rules is waiting to be derived", `href="/jobs"`, "Window (days)"}}},
			{Name: "the kinds page says so too", Req: webtest.Request{Method: "GET", Path: "/participation/kinds", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Body: []string{"A change is waiting to be derived for every member", `href="/participation/model"`}}},
			{Name: "lists, for a writer", Req: webtest.Request{Method: "GET", Path: "/participation/lists?list=quiet-newcomers", Role: accounts.RoleManager},
				Want: webtest.Want{Status: 200, Body: []string{"Newcomers with no second activity", "Grace Hopper", `href="/interactions/new?member=` + webtest.ID(grace.ID) + `"`}, Absent: []string{"Ada Lovelace"}}},
			{Name: "lists, for a viewer", Req: webtest.Request{Method: "GET", Path: "/participation/lists", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Body: []string{"Ready for a next step", "Nobody is on this list today."}, Absent: []string{"Log an interaction"}}},
			{Name: "the dashboard's panel, for a writer", Req: webtest.Request{Method: "GET", Path: "/", Role: accounts.RoleManager},
				Want: webtest.Want{Status: 200, InOrder: []string{"Lists to act on", "Ready for a next step", "(0)", "Nobody is on this list today.",
					"Newcomers with no second activity", "(1)", "Grace Hopper", `href="/interactions/new?member=` + webtest.ID(grace.ID) + `"`,
					"Key contributors going quiet", "(0)", `href="/participation/lists"`},
					Body: []string{`href="/participation/lists?list=quiet-newcomers"`, "A change of the participation rules is waiting to be derived"}}},
			{Name: "the dashboard's panel, for a viewer", Req: webtest.Request{Method: "GET", Path: "/", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Body: []string{"Grace Hopper"}, Absent: []string{`href="/interactions/new?member=` + webtest.ID(grace.ID) + `"`}}},
			{Name: "bad months", Req: webtest.Request{Method: "GET", Path: "/participation/lists?list=next-step&months=0", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 422}},
		})
	})
}
