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
	eachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := addMember(t, env, members.Member{Name: "Ada Lovelace"})
		grace := addMember(t, env, members.Member{Name: "Grace Hopper"})
		mgr := env.Users[manager]
		var callID int64
		run(t, env, []apiCase{
			{name: "log with a follow-up", method: "POST", path: "/api/v1/interactions", role: manager,
				body: map[string]any{"occurred_on": "2026-03-02", "channel": "call", "summary": "Grant renewal",
					"member_ids": []int64{ada.ID}, "user_ids": []int64{mgr.ID},
					"followup": map[string]any{"what": "Send the budget", "due_on": "2026-03-12", "owner_id": mgr.ID}},
				status: http.StatusCreated,
				check: func(t *testing.T, b map[string]any) {
					callID = id(b["id"])
					fus := list(t, b, "followups")
					if len(fus) != 1 || fus[0]["what"] != "Send the budget" || id(fus[0]["member_id"]) != ada.ID {
						t.Errorf("followups = %v", fus)
					}
					if ms := list(t, b, "members"); len(ms) != 1 || ms[0]["name"] != "Ada Lovelace" {
						t.Errorf("members = %v", ms)
					}
				}},
			{name: "log an email", method: "POST", path: "/api/v1/interactions", role: manager,
				body: map[string]any{"occurred_on": "2026-03-05", "channel": "email", "summary": "Intro",
					"member_ids": []int64{ada.ID, grace.ID}}, status: http.StatusCreated},
			{name: "log a meeting with Grace", method: "POST", path: "/api/v1/interactions", role: owner,
				body: map[string]any{"occurred_on": "2026-02-20", "channel": "meeting", "summary": "Coffee",
					"member_ids": []int64{grace.ID}}, status: http.StatusCreated},
			{name: "date defaults to today", method: "POST", path: "/api/v1/interactions", role: manager,
				body:   map[string]any{"channel": "chat", "summary": "Quick hello", "member_ids": []int64{grace.ID}},
				status: http.StatusCreated, want: []string{`"occurred_on":"2026-03-10"`}},
			{name: "future date", method: "POST", path: "/api/v1/interactions", role: manager,
				body:   map[string]any{"occurred_on": "2026-03-11", "channel": "call", "summary": "x", "member_ids": []int64{ada.ID}},
				status: http.StatusUnprocessableEntity, field: "occurred_on"},
			{name: "no members", method: "POST", path: "/api/v1/interactions", role: manager,
				body: map[string]any{"channel": "call", "summary": "x"}, status: http.StatusUnprocessableEntity, field: "member_ids"},
			{name: "member that does not exist", method: "POST", path: "/api/v1/interactions", role: manager,
				body:   map[string]any{"channel": "call", "summary": "x", "member_ids": []int64{999999}},
				status: http.StatusUnprocessableEntity, field: "member_ids"},
			{name: "bad channel", method: "POST", path: "/api/v1/interactions", role: manager,
				body:   map[string]any{"channel": "telepathy", "summary": "x", "member_ids": []int64{ada.ID}},
				status: http.StatusUnprocessableEntity, field: "channel"},
			{name: "bad follow-up", method: "POST", path: "/api/v1/interactions", role: manager,
				body: map[string]any{"channel": "call", "summary": "x", "member_ids": []int64{ada.ID},
					"followup": map[string]any{"what": "", "due_on": "soon"}},
				status: http.StatusUnprocessableEntity, field: "followup.due_on"},
			{name: "viewer may not log", method: "POST", path: "/api/v1/interactions", role: viewer,
				body: map[string]any{"channel": "call", "summary": "x", "member_ids": []int64{ada.ID}}, status: http.StatusForbidden},
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
		run(t, env, []apiCase{
			{name: "list all", method: "GET", path: "/api/v1/interactions", role: viewer, status: http.StatusOK, check: count(4)},
			{name: "by member", method: "GET", path: fmt.Sprintf("/api/v1/interactions?member_id=%d", ada.ID), role: viewer, status: http.StatusOK, check: count(2)},
			{name: "by user", method: "GET", path: fmt.Sprintf("/api/v1/interactions?user_id=%d", mgr.ID), role: viewer, status: http.StatusOK, check: count(1)},
			{name: "by channel", method: "GET", path: "/api/v1/interactions?channel=email", role: viewer, status: http.StatusOK, check: count(1)},
			{name: "by dates", method: "GET", path: "/api/v1/interactions?from=2026-03-01&to=2026-03-05", role: viewer, status: http.StatusOK, check: count(2)},
			{name: "first page", method: "GET", path: "/api/v1/interactions?limit=3", role: viewer, status: http.StatusOK,
				check: func(t *testing.T, b map[string]any) {
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
			{name: "bad channel filter", method: "GET", path: "/api/v1/interactions?channel=telepathy", role: viewer, status: http.StatusUnprocessableEntity, field: "channel"},
			{name: "bad date filter", method: "GET", path: "/api/v1/interactions?from=March", role: viewer, status: http.StatusUnprocessableEntity, field: "from"},
			{name: "bad member filter", method: "GET", path: "/api/v1/interactions?member_id=ada", role: viewer, status: http.StatusUnprocessableEntity, field: "member_id"},
			{name: "bad limit", method: "GET", path: "/api/v1/interactions?limit=1000", role: viewer, status: http.StatusUnprocessableEntity, field: "limit"},

			{name: "get", method: "GET", path: p, role: viewer, status: http.StatusOK, want: []string{`"summary":"Grant renewal"`}},
			{name: "patch", method: "PATCH", path: p, role: manager,
				body: map[string]any{"summary": "Grant renewal call", "member_ids": []int64{ada.ID, grace.ID}}, status: http.StatusOK,
				want: []string{`"summary":"Grant renewal call"`, `"channel":"call"`, `"occurred_on":"2026-03-02"`, "Grace Hopper"}},
			{name: "patch clearing outcome", method: "PATCH", path: p, role: manager,
				body: map[string]any{"outcome": nil}, status: http.StatusOK, want: []string{`"outcome":""`}},
			{name: "patch read-only", method: "PATCH", path: p, role: manager,
				body: map[string]any{"members": []any{}}, status: http.StatusUnprocessableEntity, field: "members"},
			{name: "patch invalid", method: "PATCH", path: p, role: manager,
				body: map[string]any{"member_ids": nil}, status: http.StatusUnprocessableEntity, field: "member_ids"},
			{name: "patch unknown", method: "PATCH", path: p, role: manager,
				body: map[string]any{"followup": map[string]any{}}, status: http.StatusUnprocessableEntity, field: "followup"},
			{name: "delete", method: "DELETE", path: p, role: manager, status: http.StatusNoContent},
			{name: "gone", method: "GET", path: p, role: viewer, status: http.StatusNotFound, code: apperr.NotFound},
			{name: "its follow-up stays", method: "GET", path: "/api/v1/followups", role: viewer, status: http.StatusOK,
				want: []string{"Send the budget"}},
			{name: "non-numeric id", method: "GET", path: "/api/v1/interactions/latest", role: viewer, status: http.StatusNotFound},
		})
	})
}
