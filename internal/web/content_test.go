package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// webtest.Now is 2026-03-10: "today" below.

func TestContentPages(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace"})
		svc := env.App.Content
		pillar, err := svc.Create(env.Ctx, content.Input{Kind: content.Playbook, Title: "Community playbook", ReviewBy: "2026-01-01", IsPillar: true})
		if err != nil {
			t.Fatal(err)
		}
		tpls, err := svc.Templates(env.Ctx)
		if err != nil || len(tpls) == 0 {
			t.Fatalf("templates %v, %v", tpls, err)
		}
		mgr := accounts.RoleManager
		pid := webtest.ID(pillar.ID)
		webtest.Run(t, env, []webtest.Case{
			{Name: "empty-ish list", Req: webtest.Request{Method: "GET", Path: "/content", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Body: []string{"Community playbook", `href="/content/calendar"`, `href="/content/board"`}}},
			{Name: "add form", Req: webtest.Request{Method: "GET", Path: "/content/new?status=scheduled", Role: mgr},
				Want: webtest.Want{Status: 200, Body: []string{`<option value="scheduled" selected>`}}},
			{Name: "find keeps what was typed", Req: webtest.Request{Method: "POST", Path: "/content", Role: mgr,
				Form: url.Values{"op": {"find"}, "find": {"ada"}, "title": {"Draft"}}},
				Want: webtest.Want{Status: 200, Body: []string{`name="author_member" value="` + webtest.ID(ada.ID) + `"`, `value="Draft"`}}},
			{Name: "add with problems", Req: webtest.Request{Method: "POST", Path: "/content", Role: mgr, Form: url.Values{
				"kind": {"blog_post"}, "title": {"Hello"}, "status": {"published"}, "channel": {"custom"}}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Body: []string{`href="#f-published_on"`, `href="#f-channel_label"`, `value="Hello"`}}},
			{Name: "a control character comes back on the form", Req: webtest.Request{Method: "POST", Path: "/content", Role: mgr, Form: url.Values{
				"kind": {"blog_post"}, "title": {"Hello\x01"}}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Body: []string{`action="/content"`, "Nothing was saved"}}},
			{Name: "add", Req: webtest.Request{Method: "POST", Path: "/content", Role: mgr, Form: url.Values{
				"kind": {"blog_post"}, "title": {"Hello world"}, "status": {"scheduled"}, "planned_on": {"2026-03-20"},
				"channel": {"website", "custom"}, "channel_label": {"Slack"}, "author_member": {webtest.ID(ada.ID)},
				"pillar_id": {pid}, "mode": {"convey"}}},
				Want: webtest.Want{Status: http.StatusSeeOther, FlashHas: "saved"}},
			{Name: "calendar", Req: webtest.Request{Method: "GET", Path: "/content/calendar?month=2026-03", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Body: []string{"March 2026", "Hello world", "on Website, Slack", `month=2026-02`, `month=2026-04`}}},
			{Name: "calendar with a bad month", Req: webtest.Request{Method: "GET", Path: "/content/calendar?month=2026-13", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity}},
			{Name: "board", Req: webtest.Request{Method: "GET", Path: "/content/board", Role: mgr},
				Want: webtest.Want{Status: 200, InOrder: []string{"Idea", "Community playbook", "Scheduled", "Hello world"}, Body: []string{`action="/content/` + pid + `/status"`}}},
			{Name: "pillar page offers a campaign", Req: webtest.Request{Method: "GET", Path: "/content/" + pid, Role: mgr},
				Want: webtest.Want{Status: 200, Body: []string{"Plan more of its campaign", "past its review date", "Linked to no goal"}}},
			{Name: "plan a campaign with a bad date", Req: webtest.Request{Method: "POST", Path: "/content/" + pid + "/campaign", Role: mgr,
				Form: url.Values{"template_id": {webtest.ID(tpls[0].ID)}, "launch_on": {"someday"}}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Body: []string{`href="#f-launch_on"`}}},
			{Name: "plan a campaign", Req: webtest.Request{Method: "POST", Path: "/content/" + pid + "/campaign", Role: mgr,
				Form: url.Values{"template_id": {webtest.ID(tpls[0].ID)}, "launch_on": {"2026-03-01"}}},
				Want: webtest.Want{Status: http.StatusSeeOther, FlashHas: "Campaign planned"}},
			{Name: "campaign shows progress and what is overdue", Req: webtest.Request{Method: "GET", Path: "/content/" + pid, Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Body: []string{"Campaign", "Overdue", "Timeline", "Hello world", "No sessions in this campaign yet"}}},
			{Name: "figure with problems", Req: webtest.Request{Method: "POST", Path: "/content/" + pid + "/metrics", Role: mgr,
				Form: url.Values{"name": {"views"}, "value": {"lots"}}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Body: []string{`href="#f-value"`}}},
			{Name: "figure", Req: webtest.Request{Method: "POST", Path: "/content/" + pid + "/metrics", Role: mgr,
				Form: url.Values{"name": {"downloads"}, "value": {"42"}, "read_on": {"2026-03-09"}}},
				Want: webtest.Want{Status: http.StatusSeeOther, FlashHas: "Figure recorded"}},
			{Name: "move on the board", Req: webtest.Request{Method: "POST", Path: "/content/" + pid + "/status", Role: mgr,
				Form: url.Values{"status": {"published"}, "back": {"/content/board"}}},
				Want: webtest.Want{Status: http.StatusSeeOther, Location: "/content/board", FlashHas: "is now Published"}},
			{Name: "stale move", Req: webtest.Request{Method: "POST", Path: "/content/" + pid + "/status", Role: mgr,
				Form: url.Values{"status": {"idea"}, "version": {"1"}, "back": {"/content/board"}}},
				Want: webtest.Want{Status: http.StatusSeeOther, FlashHas: "Not moved"}},
			{Name: "edit form", Req: webtest.Request{Method: "GET", Path: "/content/" + pid + "/edit", Role: mgr},
				Want: webtest.Want{Status: 200, Body: []string{`value="Community playbook"`, `name="is_pillar" checked`}}},
			{Name: "stale edit", Req: webtest.Request{Method: "POST", Path: "/content/" + pid, Role: mgr,
				Form: url.Values{"kind": {"playbook"}, "title": {"Renamed"}, "version": {"1"}, "is_pillar": {"on"}}},
				Want: webtest.Want{Status: http.StatusConflict, Body: []string{"This record changed since you opened it"}}},
			{Name: "templates", Req: webtest.Request{Method: "GET", Path: "/content/templates", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Body: []string{"Pillar launch", "Launch day"}}},
			{Name: "template with a bad row", Req: webtest.Request{Method: "POST", Path: "/content/templates", Role: mgr, Form: url.Values{
				"name": {"Mine"}, "entry_kind": {"blog_post", "", "video"}, "entry_channel": {"website", "", ""},
				"entry_channel_label": {"", "", ""}, "entry_title": {"On {pillar}", "", "Watch {nope}"}, "entry_offset": {"0", "", "3"}}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Body: []string{"row 3: must be one of", "row 3: {nope} is not a placeholder", `value="Watch {nope}"`}}},
			{Name: "template", Req: webtest.Request{Method: "POST", Path: "/content/templates", Role: mgr, Form: url.Values{
				"name": {"Mine"}, "entry_kind": {"blog_post"}, "entry_channel": {"website"}, "entry_channel_label": {""},
				"entry_title": {"On {pillar}"}, "entry_offset": {"0"}}},
				Want: webtest.Want{Status: http.StatusSeeOther, FlashHas: "template saved"}},
			{Name: "viewer cannot move", Req: webtest.Request{Method: "POST", Path: "/content/" + pid + "/status", Role: accounts.RoleViewer, Form: url.Values{"status": {"idea"}}},
				Want: webtest.Want{Status: http.StatusForbidden}},
		})
	})
}
