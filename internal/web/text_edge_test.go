package web_test

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// badText is text no field or parameter may carry, by how it arrives:
// bytes that are not UTF-8 (a lone 0xFF, the overlong "/" 0xC0 0xAF),
// a NUL (which PostgreSQL cannot store), other C0 controls and a carriage
// return that does not end a line.
var badText = []struct{ name, value string }{
	{"NUL", "a\x00b"},
	{"0xFF", "a\xffb"},
	{"overlong slash", "a\xc0\xafb"},
	{"vertical tab", "a\vb"},
	{"escape", "a\x1bb"},
	{"DEL", "a\x7fb"},
	{"lone CR", "a\rb"},
}

// memberCursor is a members-list page cursor as the list makes them
// (base64url of JSON), but carrying key as its sort key.
func memberCursor(key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(`{"s":"name","k":"` + key + `","i":1}`))
}

// Every form field and query parameter is checked at the edge: bad text
// gets a 422 naming the field on both engines, and nothing is stored (on
// PostgreSQL these were 500s: invalid byte sequence for encoding "UTF8").
func TestBadTextInFormsAndQueries(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Affiliation: ""})
		webtest.MakeKeyMember(t, env, ada.ID, 30)
		it := webtest.LogInteraction(t, env, "2026-03-01", "call", "Talked about the workshop", ada.ID)
		me := webtest.ID(env.Users[accounts.RoleManager].ID)
		fu := webtest.AddFollowUp(t, env, "Send the slides", "2026-03-12", env.Users[accounts.RoleManager].ID, ada.ID)

		type request struct {
			method, path string
			role         accounts.Role
			form         url.Values
		}
		// The form comes back with the problem above it (shown) and beside
		// the field (beside); otherwise an error page names it.
		const (
			errorPage = iota
			shown
			beside
		)
		forms := []struct {
			name  string
			field string
			page  int
			make  func(bad string) request
		}{
			{"interaction summary", "summary", beside, func(bad string) request {
				return request{"POST", "/interactions", accounts.RoleManager, url.Values{
					"occurred_on": {"2026-03-09"}, "channel": {"call"}, "member": {webtest.ID(ada.ID)}, "summary": {bad}}}
			}},
			{"interaction edit notes", "notes", beside, func(bad string) request {
				return request{"POST", "/interactions/" + webtest.ID(it.ID), accounts.RoleManager, url.Values{
					"occurred_on": {"2026-03-01"}, "channel": {"call"}, "member": {webtest.ID(ada.ID)},
					"summary": {"Talked"}, "notes": {bad}}}
			}},
			{"interaction's follow-up", "followup.what", beside, func(bad string) request {
				return request{"POST", "/interactions", accounts.RoleManager, url.Values{
					"occurred_on": {"2026-03-09"}, "channel": {"call"}, "member": {webtest.ID(ada.ID)}, "summary": {"Fine"},
					"followup.what": {bad}, "followup.due_on": {"2026-03-20"}, "followup.owner_id": {me}}}
			}},
			{"follow-up", "what", beside, func(bad string) request {
				return request{"POST", "/followups", accounts.RoleManager, url.Values{
					"what": {bad}, "due_on": {"2026-03-20"}, "owner_id": {me}, "member_id": {webtest.ID(ada.ID)}}}
			}},
			{"key-member note", "note", beside, func(bad string) request {
				return request{"POST", "/members/" + webtest.ID(ada.ID) + "/key", accounts.RoleManager, url.Values{
					"cadence": {"30"}, "note": {bad}}}
			}},
			{"group name", "name", beside, func(bad string) request {
				return request{"POST", "/groups", accounts.RoleManager, url.Values{"name": {bad}}}
			}},
			{"member notes", "notes", beside, func(bad string) request {
				return request{"POST", "/members", accounts.RoleManager, url.Values{"name": {"Grace Hopper"}, "status": {"active"}, "notes": {bad}}}
			}},
			{"member name on edit", "name", beside, func(bad string) request {
				return request{"POST", "/members/" + webtest.ID(ada.ID), accounts.RoleManager, url.Values{"name": {bad}, "status": {"active"}}}
			}},
			{"a button's hidden field", "back", errorPage, func(bad string) request {
				return request{"POST", "/followups/" + webtest.ID(fu.ID) + "/complete", accounts.RoleManager, url.Values{"back": {bad}}}
			}},
			{"audit entity", "entity", errorPage, func(bad string) request {
				return request{"GET", "/audit?entity=" + url.QueryEscape(bad), accounts.RoleOwner, nil}
			}},
			{"interaction form's Find", "notes", beside, func(bad string) request {
				return request{"GET", "/interactions/new?occurred_on=2026-03-09&find=ada&notes=" + url.QueryEscape(bad), accounts.RoleManager, nil}
			}},
			{"member search", "q", shown, func(bad string) request {
				return request{"GET", "/members?q=" + url.QueryEscape(bad), accounts.RoleViewer, nil}
			}},
		}
		for _, f := range forms {
			for _, b := range badText {
				t.Run(f.name+"/"+b.name, func(t *testing.T) {
					req := f.make(b.value)
					rec := env.Do(t, webtest.Request{Method: req.method, Path: req.path, Role: req.role, Form: req.form})
					want := webtest.Want{Status: 422, Body: []string{"&#34;" + f.field + "&#34;"}}
					switch f.page {
					case beside:
						want.Body = append(want.Body, `id="e-`+f.field+`"`, "They have been taken out below")
					case shown:
						want.Body = append(want.Body, "They have been taken out below")
					default:
						want.Body = append(want.Body, `<section class="card">`)
					}
					webtest.Check(t, rec, want)
				})
			}
		}

		// Nothing above reached the database.
		groups, err := env.App.Relationships.ListGroups(env.Ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range groups {
			if strings.HasPrefix(g.Name, "a") && strings.HasSuffix(g.Name, "b") {
				t.Errorf("group %q was stored", g.Name)
			}
		}
		km, err := env.App.Relationships.GetKeyMember(env.Ctx, ada.ID)
		if err != nil || km.Note != "" {
			t.Errorf("key member note %q (err %v), want it unchanged", km.Note, err)
		}
		if m := webtest.GetMember(t, env, ada.ID); m.Name != "Ada Lovelace" {
			t.Errorf("member name %q, want it unchanged", m.Name)
		}
		if f, err := env.App.Relationships.GetFollowUp(env.Ctx, fu.ID); err != nil || f.Status != "open" {
			t.Errorf("follow-up %+v (err %v), want it still open", f, err)
		}
	})
}

// A members-list cursor is base64 of JSON; bad text inside it (a NUL
// escaped in the JSON, bytes that are not UTF-8) is a clean "this page
// link no longer works", never a 500.
func TestBadTextInMembersCursor(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Affiliation: ""})
		for _, c := range []struct{ name, key string }{
			{"escaped NUL", `Ada\u0000`},
			{"0xFF", "Ada\xff"},
			{"overlong slash", "Ada\xc0\xaf"},
			{"escaped escape", `Ada\u001b`},
		} {
			t.Run(c.name, func(t *testing.T) {
				rec := env.Do(t, webtest.Request{Method: "GET", Path: "/members?cursor=" + memberCursor(c.key), Role: accounts.RoleViewer})
				webtest.Check(t, rec, webtest.Want{Status: 422, Body: []string{"This page link no longer works."}})
			})
		}
	})
}

// Tabs and line breaks are text. Browsers send a textarea's line breaks
// as CRLF; they are stored as plain newlines.
func TestTabsAndLineBreaksAccepted(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Affiliation: ""})
		rec := env.Do(t, webtest.Request{Method: "POST", Path: "/members/" + webtest.ID(ada.ID) + "/key", Role: accounts.RoleManager,
			Form: url.Values{"cadence": {"30"}, "note": {"Chairs\tthe board.\r\nFunds the workshop.\r\n\r\nÜber-helpful"}}})
		webtest.Check(t, rec, webtest.Want{Status: 303})
		km, err := env.App.Relationships.GetKeyMember(env.Ctx, ada.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := "Chairs\tthe board.\nFunds the workshop.\n\nÜber-helpful"; km.Note != want {
			t.Errorf("note %q, want %q", km.Note, want)
		}
	})
}

// A saved segment's filter arrives as a query string inside the form's
// "query" field; its decoded values are held to the same rule, so no
// segment is saved that would break the list (and PostgreSQL) later.
func TestBadTextInSegmentFilter(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		for _, b := range badText {
			t.Run(b.name, func(t *testing.T) {
				rec := env.Do(t, webtest.Request{Method: "POST", Path: "/segments", Role: accounts.RoleManager,
					Form: url.Values{"name": {"Odd " + b.name}, "query": {"tag=" + url.QueryEscape(b.value) + "&email=" + url.QueryEscape(b.value)}}})
				webtest.Check(t, rec, webtest.Want{Status: 422, Body: []string{"This filter cannot be saved: &#34;email&#34; ", "&#34;tag&#34; "}})
			})
		}
		segs, err := env.App.Members.ListSegments(env.Ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(segs) != 0 {
			t.Errorf("segments %v were saved", segs)
		}
	})
}

// A form shown again keeps what was typed, with only the characters that
// cannot be taken out: the person corrects and saves, nothing retyped.
func TestBadTextFormKeepsWhatWasTyped(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Affiliation: ""})
		rec := env.Do(t, webtest.Request{Method: "POST", Path: "/interactions", Role: accounts.RoleManager, Form: url.Values{
			"occurred_on": {"2026-03-09"}, "channel": {"call"}, "member": {webtest.ID(ada.ID)},
			"summary": {"Planned\x0b the workshop"}, "notes": {"Bytes \xff here"}, "outcome": {"Agreed on dates"}}})
		webtest.Check(t, rec, webtest.Want{Status: 422, Body: []string{
			`value="Planned the workshop"`, "Bytes \uFFFD here", "Agreed on dates", "U&#43;000B", `id="e-summary"`, `id="e-notes"`,
		}})
		list, _, err := env.App.Relationships.ListInteractions(env.Ctx, relationships.InteractionFilter{})
		if err != nil || len(list) != 0 {
			t.Fatalf("interactions %v (err %v), want none", list, err)
		}
	})
}
