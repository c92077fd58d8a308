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
	eachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := addMember(t, env, members.Member{Name: "Ada Lovelace"})
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
		run(t, env, []apiCase{
			{name: "group name with raw 0xFF", method: "POST", path: "/api/v1/groups", role: manager,
				body: "{\"name\": \"Fund\xffers\"}", status: 422, code: apperr.Invalid, want: []string{"not valid UTF-8 (at byte 14)"}},
			{name: "group name with overlong slash", method: "POST", path: "/api/v1/groups", role: manager,
				body: "{\"name\": \"a\xc0\xafb\"}", status: 422, code: apperr.Invalid, want: []string{"not valid UTF-8"}},
			{name: "group name with NUL", method: "POST", path: "/api/v1/groups", role: manager,
				body: `{"name": "Fund\u0000ers"}`, status: 422, code: apperr.Invalid, field: "name", want: []string{"U+0000"}},
			{name: "group name with escape", method: "POST", path: "/api/v1/groups", role: manager,
				body: `{"name": "\u001b[31mFunders"}`, status: 422, code: apperr.Invalid, field: "name", want: []string{"U+001B"}},
			{name: "interaction summary with NUL", method: "POST", path: "/api/v1/interactions", role: manager,
				body:   `{"channel": "call", "summary": "a\u0000b", "member_ids": [` + ids + `]}`,
				status: 422, code: apperr.Invalid, field: "summary"},
			{name: "follow-up inside an interaction", method: "POST", path: "/api/v1/interactions", role: manager,
				body:   `{"channel": "call", "summary": "Fine", "member_ids": [` + ids + `], "followup": {"what": "a\u0000b", "due_on": "2026-03-20"}}`,
				status: 422, code: apperr.Invalid, field: "followup.what"},
			{name: "follow-up with a lone CR", method: "POST", path: "/api/v1/followups", role: manager,
				body: `{"what": "a\rb", "due_on": "2026-03-20"}`, status: 422, code: apperr.Invalid, field: "what", want: []string{"U+000D"}},
			{name: "key-member note with vertical tab", method: "PUT", path: "/api/v1/members/" + ids + "/key", role: manager,
				body: `{"cadence_days": 30, "note": "a\u000bb"}`, status: 422, code: apperr.Invalid, field: "note"},
			{name: "patch with NUL", method: "PATCH", path: itPath, role: manager,
				body: `{"notes": "a\u0000b"}`, status: 422, code: apperr.Invalid, field: "notes"},
			{name: "patch with raw 0xFF", method: "PATCH", path: itPath, role: manager,
				body: "{\"notes\": \"a\xffb\"}", status: 422, code: apperr.Invalid, want: []string{"not valid UTF-8"}},
			{name: "NUL in an array", method: "POST", path: "/api/v1/members", role: manager,
				body:   `{"name": "Grace Hopper", "tags": ["ok", "a\u0000b"]}`,
				status: 422, code: apperr.Invalid, field: "tags[1]"},
			{name: "NUL in a key", method: "POST", path: "/api/v1/groups", role: manager,
				body: `{"name": "Fine", "na\u0000me": "x"}`, status: 422, code: apperr.Invalid},
			{name: "audit entity with NUL", method: "GET", path: "/api/v1/audit?entity=" + url.QueryEscape("a\x00"), role: owner,
				status: 422, code: apperr.Invalid, field: "entity"},
			{name: "audit entity with 0xFF", method: "GET", path: "/api/v1/audit?entity=%FF", role: owner,
				status: 422, code: apperr.Invalid, field: "entity"},
			{name: "audit entity with overlong slash", method: "GET", path: "/api/v1/audit?entity=%C0%AF", role: owner,
				status: 422, code: apperr.Invalid, field: "entity"},
			{name: "members cursor with escaped NUL", method: "GET", path: "/api/v1/members?cursor=" + cursor(`a\u0000`), role: viewer,
				status: 422, code: apperr.Invalid, field: "cursor"},
			{name: "members cursor with 0xFF", method: "GET", path: "/api/v1/members?cursor=" + cursor("a\xff"), role: viewer,
				status: 422, code: apperr.Invalid, field: "cursor"},
			{name: "tabs, line breaks and CRLF are text", method: "PATCH", path: itPath, role: manager,
				body: `{"notes": "one\ttwo\nthree\r\nfour"}`, status: 200, want: []string{`"one\ttwo\nthree\r\nfour"`}},
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
