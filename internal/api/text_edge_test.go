package api_test

import (
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/text"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// Every JSON string and query parameter is held to one rule at the edge:
// valid UTF-8 (encoding/json used to turn other bytes into U+FFFD without
// a word) and no control characters but tab and line breaks. A problem is
// 422 naming the field by its path in the body; on PostgreSQL a NUL was a
// 500 (invalid byte sequence for encoding "UTF8": 0x00).
func TestBadTextInJSONAndQueries(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace"})
		ids := strconv.FormatInt(ada.ID, 10)
		it, err := env.App.Relationships.LogInteraction(env.Ctx, relationships.InteractionInput{
			OccurredOn: "2026-03-01", Channel: "call", Summary: "Talked", MemberIDs: []int64{ada.ID}})
		if err != nil {
			t.Fatal(err)
		}
		itPath := "/api/v1/interactions/" + strconv.FormatInt(it.ID, 10)
		cursor := func(key string) string {
			return base64.RawURLEncoding.EncodeToString([]byte(`{"s":"name","k":"` + key + `","i":1}`))
		}
		webtest.Run(t, env, []webtest.Case{
			{
				Name: "group name with raw 0xFF",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/groups", Role: manager, JSON: "{\"name\": \"Fund\xffers\"}"},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Body: []string{"not valid UTF-8 (at byte 14)"}},
			},
			{
				Name: "group name with overlong slash",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/groups", Role: manager, JSON: "{\"name\": \"a\xc0\xafb\"}"},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Body: []string{"not valid UTF-8"}},
			},
			{
				Name: "group name with NUL",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/groups", Role: manager, JSON: `{"name": "Fund\u0000ers"}`},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Field: "name", Body: []string{"U+0000"}},
			},
			{
				Name: "group name with escape",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/groups", Role: manager, JSON: `{"name": "\u001b[31mFunders"}`},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Field: "name", Body: []string{"U+001B"}},
			},
			{
				Name: "interaction summary with NUL",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/interactions", Role: manager, JSON: `{"channel": "call", "summary": "a\u0000b", "member_ids": [` + ids + `]}`},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Field: "summary"},
			},
			{
				Name: "follow-up inside an interaction",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/interactions", Role: manager, JSON: `{"channel": "call", "summary": "Fine", "member_ids": [` + ids + `], "followup": {"what": "a\u0000b", "due_on": "2026-03-20"}}`},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Field: "followup.what"},
			},
			{
				Name: "follow-up with a lone CR",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/followups", Role: manager, JSON: `{"what": "a\rb", "due_on": "2026-03-20"}`},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Field: "what", Body: []string{"U+000D"}},
			},
			{
				Name: "key-member note with vertical tab",
				Req:  webtest.Request{Method: "PUT", Path: "/api/v1/members/" + ids + "/key", Role: manager, JSON: `{"cadence_days": 30, "note": "a\u000bb"}`},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Field: "note"},
			},
			{
				Name: "patch with NUL",
				Req:  webtest.Request{Method: "PATCH", Path: itPath, Role: manager, JSON: `{"notes": "a\u0000b"}`},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Field: "notes"},
			},
			{
				Name: "patch with raw 0xFF",
				Req:  webtest.Request{Method: "PATCH", Path: itPath, Role: manager, JSON: "{\"notes\": \"a\xffb\"}"},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Body: []string{"not valid UTF-8"}},
			},
			{
				Name: "NUL in an array",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/members", Role: manager, JSON: `{"name": "Grace Hopper", "tags": ["ok", "a\u0000b"]}`},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Field: "tags[1]"},
			},
			{
				Name: "NUL in a key",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/groups", Role: manager, JSON: `{"name": "Fine", "na\u0000me": "x"}`},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid},
			},
			{
				Name: "audit entity with NUL",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/audit?entity=" + url.QueryEscape("a\x00"), Role: owner},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Field: "entity"},
			},
			{
				Name: "audit entity with 0xFF",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/audit?entity=%FF", Role: owner},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Field: "entity"},
			},
			{
				Name: "audit entity with overlong slash",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/audit?entity=%C0%AF", Role: owner},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Field: "entity"},
			},
			{
				Name: "members cursor with escaped NUL",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/members?cursor=" + cursor(`a\u0000`), Role: viewer},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Field: "cursor"},
			},
			{
				Name: "members cursor with 0xFF",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/members?cursor=" + cursor("a\xff"), Role: viewer},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Field: "cursor"},
			},
			{
				Name: "tabs, line breaks and CRLF are text",
				Req:  webtest.Request{Method: "PATCH", Path: itPath, Role: manager, JSON: `{"notes": "one\ttwo\nthree\r\nfour"}`},
				Want: webtest.Want{Status: 200, Body: []string{`"one\ttwo\nthree\r\nfour"`}},
			},
		})
		g, err := env.App.Relationships.ListGroups(env.Ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range g {
			if !text.Valid(g.Name) || strings.ContainsRune(g.Name, '\uFFFD') || g.Name == "Fine" {
				t.Errorf("group %q was stored", g.Name)
			}
		}
	})
}
