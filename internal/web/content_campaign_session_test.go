package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestCampaignSessionPages(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		call, err := env.App.Programming.CreateProgramme(env.Ctx, programming.ProgrammeInput{Kind: programming.CommunityCall, Title: "Monthly call"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.App.Programming.CreateSession(env.Ctx, call.ID, programming.SessionInput{
			Start: "2026-02-03T17:00", End: "2026-02-03T18:00", TimeZone: "Europe/Berlin"}); err != nil {
			t.Fatal(err)
		}
		pillar, err := env.App.Content.Create(env.Ctx, content.Input{Kind: content.Playbook, Title: "The Playbook", IsPillar: true, LaunchOn: "2026-04-01"})
		if err != nil {
			t.Fatal(err)
		}
		post, err := env.App.Content.Create(env.Ctx, content.Input{Kind: content.BlogPost, Title: "A post"})
		if err != nil {
			t.Fatal(err)
		}
		mgr, pid, cid := accounts.RoleManager, webtest.ID(pillar.ID), webtest.ID(call.ID)
		template := func(name string, session ...string) url.Values {
			return url.Values{"name": {name}, "entry_kind": {"blog_post"}, "entry_channel": {"website"}, "entry_channel_label": {""},
				"entry_title": {"On {pillar}"}, "entry_offset": {"0"},
				"session_programme": {session[0]}, "session_title": {session[1]}, "session_offset": {session[2]},
				"session_time": {session[3]}, "session_zone": {session[4]}, "session_minutes": {session[5]}}
		}
		webtest.Run(t, env, []webtest.Case{
			{Name: "templates page offers sessions", Req: webtest.Request{Method: "GET", Path: "/content/templates", Role: mgr},
				Want: webtest.Want{Status: 200, Body: []string{"Sessions to plan", `name="session_programme"`, `value="kind:community_call"`,
					"Monthly call (Community call)", "Session of our community call at its usual time"}}},
			{Name: "template with a bad session row", Req: webtest.Request{Method: "POST", Path: "/content/templates", Role: mgr,
				Form: template("Bad", "kind:community_call", "Call about {pillar}", "7", "25:00", "Atlantis", "lots")},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Body: []string{"session 1: must be a whole number of minutes", `value="Call about {pillar}"`}}},
			{Name: "template with a bad session time", Req: webtest.Request{Method: "POST", Path: "/content/templates", Role: mgr,
				Form: template("Bad", "kind:community_call", "Call about {pillar}", "7", "25:00", "Atlantis", "60")},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Body: []string{"session 1: must be a time of day", "session 1: "}}},
			{Name: "template with a session", Req: webtest.Request{Method: "POST", Path: "/content/templates", Role: mgr,
				Form: template("Launch with a call", cid, "Call about {pillar}", "7", "18:30", "Berlin", "45")},
				Want: webtest.Want{Status: http.StatusSeeOther, FlashHas: "template saved"}},
		})
		var tplID int64
		list, _ := env.App.Content.Templates(env.Ctx)
		for _, tpl := range list {
			if tpl.Name == "Launch with a call" {
				tplID = tpl.ID
				if e := tpl.Entries[len(tpl.Entries)-1]; !e.IsSession() || e.ProgrammeID == nil || *e.ProgrammeID != call.ID ||
					e.StartTime != "18:30" || e.TimeZone != "Europe/Berlin" || e.DurationMinutes != 45 {
					t.Fatalf("stored session entry %+v", e)
				}
			}
		}
		webtest.Run(t, env, []webtest.Case{
			{Name: "template form keeps its session", Req: webtest.Request{Method: "GET", Path: "/content/templates/" + webtest.ID(tplID) + "/edit", Role: mgr},
				Want: webtest.Want{Status: 200, Body: []string{`<option value="` + cid + `" selected>`, `value="18:30"`, `value="Europe/Berlin"`}}},
			{Name: "apply it", Req: webtest.Request{Method: "POST", Path: "/content/" + pid + "/campaign", Role: mgr,
				Form: url.Values{"template_id": {webtest.ID(tplID)}, "launch_on": {"2026-04-01"}}},
				Want: webtest.Want{Status: http.StatusSeeOther, FlashHas: "1 items and 1 sessions"}},
			{Name: "the pillar page lists its session", Req: webtest.Request{Method: "GET", Path: "/content/" + pid, Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Body: []string{"Sessions around it", "Call about The Playbook", "18:30 Europe/Berlin",
					`href="/programmes/` + cid + `#session-`, "Scheduled", "<strong>2</strong> still planned"}}},
			{Name: "the programme page names the campaign", Req: webtest.Request{Method: "GET", Path: "/programmes/" + cid, Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Body: []string{"in the campaign for", `href="/content/` + pid + `#campaign">The Playbook</a>`}}},
			{Name: "session form offers the pillars", Req: webtest.Request{Method: "GET", Path: "/programmes/" + cid + "/sessions/new", Role: mgr},
				Want: webtest.Want{Status: 200, Body: []string{"Part of the campaign for", `<option value="` + pid + `">The Playbook`}}},
			{Name: "a session cannot join a non-pillar's campaign", Req: webtest.Request{Method: "POST", Path: "/programmes/" + cid + "/sessions", Role: mgr,
				Form: url.Values{"start": {"2026-05-05T16:00"}, "end": {"2026-05-05T17:00"}, "time_zone": {"Berlin"}, "pillar_id": {webtest.ID(post.ID)}}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Body: []string{`href="#f-pillar_id"`, "is not a pillar"}}},
			{Name: "a session joins the campaign", Req: webtest.Request{Method: "POST", Path: "/programmes/" + cid + "/sessions", Role: mgr,
				Form: url.Values{"title": {"Playbook Q&A"}, "start": {"2026-05-05T16:00"}, "end": {"2026-05-05T17:00"}, "time_zone": {"Berlin"}, "pillar_id": {pid}}},
				Want: webtest.Want{Status: http.StatusSeeOther, FlashHas: "Session added"}},
			{Name: "both sessions on the pillar page", Req: webtest.Request{Method: "GET", Path: "/content/" + pid, Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, InOrder: []string{"Sessions around it", "Call about The Playbook", "Playbook Q&amp;A"}}},
		})
	})
}
