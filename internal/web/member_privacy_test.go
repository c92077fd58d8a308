package web_test

import (
	"net/url"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestMemberDataAndErasurePages(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Emails: []members.Email{{Address: "ada@example.org", Primary: true}}})
		path := "/members/" + webtest.ID(ada.ID)
		owner, manager, viewer := accounts.RoleOwner, accounts.RoleManager, accounts.RoleViewer
		webtest.Run(t, env, []webtest.Case{
			{Name: "profile offers both to an owner", Req: webtest.Request{Method: "GET", Path: path, Role: owner},
				Want: webtest.Want{Status: 200, Body: []string{path + "/data.json", path + "/erase"}}},
			{Name: "a manager gets the data, not erasure", Req: webtest.Request{Method: "GET", Path: path, Role: manager},
				Want: webtest.Want{Status: 200, Body: []string{path + "/data.json"}, Absent: []string{path + "/erase"}}},
			{Name: "data for a viewer", Req: webtest.Request{Method: "GET", Path: path + "/data.json", Role: viewer}, Want: webtest.Want{Status: 403}},
			{Name: "data", Req: webtest.Request{Method: "GET", Path: path + "/data.json", Role: manager},
				Want: webtest.Want{Status: 200, Body: []string{`"format": "trellis-subject-access"`, "ada@example.org"}}},
			{Name: "erase form for a manager", Req: webtest.Request{Method: "GET", Path: path + "/erase", Role: manager}, Want: webtest.Want{Status: 403}},
			{Name: "erase form", Req: webtest.Request{Method: "GET", Path: path + "/erase", Role: owner},
				Want: webtest.Want{Status: 200, Body: []string{"Type Ada Lovelace to confirm", "cannot be undone"}}},
			{Name: "wrong name", Req: webtest.Request{Method: "POST", Path: path + "/erase", Role: owner,
				Form: url.Values{"confirm": {"Ada"}, "version": {"1"}}},
				Want: webtest.Want{Status: 422, Body: []string{"must be the member&#39;s name"}}},
			{Name: "erase", Req: webtest.Request{Method: "POST", Path: path + "/erase", Role: owner,
				Form: url.Values{"confirm": {"Ada Lovelace"}, "version": {webtest.ID(ada.Version)}}},
				Want: webtest.Want{Status: 303, Location: "/members", FlashHas: "Erased the member"}},
			{Name: "gone", Req: webtest.Request{Method: "GET", Path: path, Role: owner}, Want: webtest.Want{Status: 404}},
			{Name: "export page", Req: webtest.Request{Method: "GET", Path: "/export", Role: viewer},
				Want: webtest.Want{Status: 200, Body: []string{"/export/members?format=vcard"}, Absent: []string{"/export/archive"}}},
			{Name: "export page for an owner", Req: webtest.Request{Method: "GET", Path: "/export", Role: owner},
				Want: webtest.Want{Status: 200, Body: []string{"/export/archive"}}},
			{Name: "archive for a manager", Req: webtest.Request{Method: "GET", Path: "/export/archive", Role: manager}, Want: webtest.Want{Status: 403}},
			{Name: "bad format", Req: webtest.Request{Method: "GET", Path: "/export/members?format=pdf", Role: viewer},
				Want: webtest.Want{Status: 422, Body: []string{"must be csv or vcard"}}},
		})
	})
}
