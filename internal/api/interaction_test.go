package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// webtest.Now is 2026-03-10 10:00 UTC: "today" below is 2026-03-10.

func TestInteractions(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace"})
		grace := webtest.AddMember(t, env, members.Member{Name: "Grace Hopper"})
		mgr := env.Users[manager]
		var callID int64
		webtest.Run(t, env, []webtest.Case{
			{
				Name: "log with a follow-up",
				Req: webtest.Request{Method: "POST", Path: "/api/v1/interactions", Role: manager, JSON: map[string]any{"occurred_on": "2026-03-02", "channel": "call", "summary": "Grant renewal",
					"member_ids": []int64{ada.ID}, "user_ids": []int64{mgr.ID},
					"followup": map[string]any{"what": "Send the budget", "due_on": "2026-03-12", "owner_id": mgr.ID}}},
				Want: webtest.Want{Status: http.StatusCreated, CheckJSON: func(t *testing.T, b map[string]any) {
					callID = id(b["id"])
					fus := list(t, b, "followups")
					if len(fus) != 1 || fus[0]["what"] != "Send the budget" || id(fus[0]["member_id"]) != ada.ID {
						t.Errorf("followups = %v", fus)
					}
					if ms := list(t, b, "members"); len(ms) != 1 || ms[0]["name"] != "Ada Lovelace" {
						t.Errorf("members = %v", ms)
					}
				}},
			},
			{
				Name: "log an email",
				Req: webtest.Request{Method: "POST", Path: "/api/v1/interactions", Role: manager, JSON: map[string]any{"occurred_on": "2026-03-05", "channel": "email", "summary": "Intro",
					"member_ids": []int64{ada.ID, grace.ID}}},
				Want: webtest.Want{Status: http.StatusCreated},
			},
			{
				Name: "log a meeting with Grace",
				Req: webtest.Request{Method: "POST", Path: "/api/v1/interactions", Role: owner, JSON: map[string]any{"occurred_on": "2026-02-20", "channel": "meeting", "summary": "Coffee",
					"member_ids": []int64{grace.ID}}},
				Want: webtest.Want{Status: http.StatusCreated},
			},
			{
				Name: "date defaults to today",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/interactions", Role: manager, JSON: map[string]any{"channel": "chat", "summary": "Quick hello", "member_ids": []int64{grace.ID}}},
				Want: webtest.Want{Status: http.StatusCreated, Body: []string{`"occurred_on":"2026-03-10"`}},
			},
			{
				Name: "future date",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/interactions", Role: manager, JSON: map[string]any{"occurred_on": "2026-03-11", "channel": "call", "summary": "x", "member_ids": []int64{ada.ID}}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "occurred_on"},
			},
			{
				Name: "no members",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/interactions", Role: manager, JSON: map[string]any{"channel": "call", "summary": "x"}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "member_ids"},
			},
			{
				Name: "member that does not exist",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/interactions", Role: manager, JSON: map[string]any{"channel": "call", "summary": "x", "member_ids": []int64{999999}}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "member_ids"},
			},
			{
				Name: "bad channel",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/interactions", Role: manager, JSON: map[string]any{"channel": "telepathy", "summary": "x", "member_ids": []int64{ada.ID}}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "channel"},
			},
			{
				Name: "bad follow-up",
				Req: webtest.Request{Method: "POST", Path: "/api/v1/interactions", Role: manager, JSON: map[string]any{"channel": "call", "summary": "x", "member_ids": []int64{ada.ID},
					"followup": map[string]any{"what": "", "due_on": "soon"}}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "followup.due_on"},
			},
			{
				Name: "viewer may not log",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/interactions", Role: viewer, JSON: map[string]any{"channel": "call", "summary": "x", "member_ids": []int64{ada.ID}}},
				Want: webtest.Want{Status: http.StatusForbidden},
			},
		})
		count := func(n int) func(t *testing.T, b map[string]any) {
			return func(t *testing.T, b map[string]any) {
				t.Helper()
				if got := len(list(t, b, "interactions")); got != n {
					t.Errorf("%d interactions, want %d", got, n)
				}
			}
		}
		p := fmt.Sprintf("/api/v1/interactions/%d", callID)
		webtest.Run(t, env, []webtest.Case{
			{Name: "list all", Req: webtest.Request{Method: "GET", Path: "/api/v1/interactions", Role: viewer}, Want: webtest.Want{Status: http.StatusOK, CheckJSON: count(4)}},
			{Name: "by member", Req: webtest.Request{Method: "GET", Path: fmt.Sprintf("/api/v1/interactions?member_id=%d", ada.ID), Role: viewer}, Want: webtest.Want{Status: http.StatusOK, CheckJSON: count(2)}},
			{Name: "by user", Req: webtest.Request{Method: "GET", Path: fmt.Sprintf("/api/v1/interactions?user_id=%d", mgr.ID), Role: viewer}, Want: webtest.Want{Status: http.StatusOK, CheckJSON: count(1)}},
			{Name: "by channel", Req: webtest.Request{Method: "GET", Path: "/api/v1/interactions?channel=email", Role: viewer}, Want: webtest.Want{Status: http.StatusOK, CheckJSON: count(1)}},
			{Name: "by dates", Req: webtest.Request{Method: "GET", Path: "/api/v1/interactions?from=2026-03-01&to=2026-03-05", Role: viewer}, Want: webtest.Want{Status: http.StatusOK, CheckJSON: count(2)}},
			{
				Name: "first page",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/interactions?limit=3", Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: func(t *testing.T, b map[string]any) {
					count(3)(t, b)
					next, _ := b["next_cursor"].(string)
					rec := env.Do(t, webtest.Request{Method: "GET", Path: "/api/v1/interactions?limit=3&cursor=" + next, Role: viewer})
					var page map[string]any
					webtest.DecodeJSON(t, rec, &page)
					if items := list(t, page, "interactions"); len(items) != 1 || items[0]["summary"] != "Coffee" {
						t.Errorf("second page = %v", items)
					}
					if _, ok := page["next_cursor"]; ok {
						t.Errorf("next_cursor on the last page: %v", page["next_cursor"])
					}
				}},
			},
			{Name: "bad channel filter", Req: webtest.Request{Method: "GET", Path: "/api/v1/interactions?channel=telepathy", Role: viewer}, Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "channel"}},
			{Name: "bad date filter", Req: webtest.Request{Method: "GET", Path: "/api/v1/interactions?from=March", Role: viewer}, Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "from"}},
			{Name: "bad member filter", Req: webtest.Request{Method: "GET", Path: "/api/v1/interactions?member_id=ada", Role: viewer}, Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "member_id"}},
			{Name: "bad limit", Req: webtest.Request{Method: "GET", Path: "/api/v1/interactions?limit=1000", Role: viewer}, Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "limit"}},

			{Name: "get", Req: webtest.Request{Method: "GET", Path: p, Role: viewer}, Want: webtest.Want{Status: http.StatusOK, Body: []string{`"summary":"Grant renewal"`}}},
			{
				Name: "patch",
				Req:  webtest.Request{Method: "PATCH", Path: p, Role: manager, JSON: map[string]any{"summary": "Grant renewal call", "member_ids": []int64{ada.ID, grace.ID}}},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`"summary":"Grant renewal call"`, `"channel":"call"`, `"occurred_on":"2026-03-02"`, "Grace Hopper"}},
			},
			{
				Name: "patch clearing outcome",
				Req:  webtest.Request{Method: "PATCH", Path: p, Role: manager, JSON: map[string]any{"outcome": nil}},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`"outcome":""`}},
			},
			{
				Name: "patch read-only",
				Req:  webtest.Request{Method: "PATCH", Path: p, Role: manager, JSON: map[string]any{"members": []any{}}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "members"},
			},
			{
				Name: "patch invalid",
				Req:  webtest.Request{Method: "PATCH", Path: p, Role: manager, JSON: map[string]any{"member_ids": nil}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "member_ids"},
			},
			{
				Name: "patch unknown",
				Req:  webtest.Request{Method: "PATCH", Path: p, Role: manager, JSON: map[string]any{"followup": map[string]any{}}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "followup"},
			},
			{Name: "delete", Req: webtest.Request{Method: "DELETE", Path: p, Role: manager}, Want: webtest.Want{Status: http.StatusNoContent}},
			{Name: "gone", Req: webtest.Request{Method: "GET", Path: p, Role: viewer}, Want: webtest.Want{Status: http.StatusNotFound, Code: apperr.NotFound}},
			{
				Name: "its follow-up stays",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/followups", Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{"Send the budget"}},
			},
			{Name: "non-numeric id", Req: webtest.Request{Method: "GET", Path: "/api/v1/interactions/latest", Role: viewer}, Want: webtest.Want{Status: http.StatusNotFound}},
		})
	})
}
