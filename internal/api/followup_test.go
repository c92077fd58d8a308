package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// webtest.Now is 2026-03-10 10:00 UTC: "today" below is 2026-03-10.

func TestFollowUps(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace"})
		mgr := env.Users[manager]
		rel := env.App.Relationships
		add := func(what, due string) relationships.FollowUp {
			f, err := rel.CreateFollowUp(env.Ctx, relationships.FollowUpInput{What: what, DueOn: due, MemberID: ada.ID, OwnerID: mgr.ID})
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
		late := add("Send the slides", "2026-03-01")
		today := add("Call back", "2026-03-10")
		soon := add("Book the room", "2026-03-20")
		whats := func(want ...string) func(t *testing.T, b map[string]any) {
			return func(t *testing.T, b map[string]any) {
				t.Helper()
				got := list(t, b, "followups")
				if len(got) != len(want) {
					t.Fatalf("followups = %v, want %v", got, want)
				}
				for i, w := range want {
					if got[i]["what"] != w {
						t.Errorf("followups[%d] = %v, want %q", i, got[i]["what"], w)
					}
				}
			}
		}
		p := func(f relationships.FollowUp) string { return fmt.Sprintf("/api/v1/followups/%d", f.ID) }
		webtest.Run(t, env, []webtest.Case{
			{
				Name: "open by default",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/followups", Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: whats("Send the slides", "Call back", "Book the room")},
			},
			{
				Name: "overdue",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/followups?status=overdue", Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`"overdue":true`}, CheckJSON: whats("Send the slides")},
			},
			{
				Name: "due",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/followups?status=due", Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: whats("Send the slides", "Call back")},
			},
			{
				Name: "upcoming",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/followups?status=upcoming", Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: whats("Book the room")},
			},
			{
				Name: "by owner",
				Req:  webtest.Request{Method: "GET", Path: fmt.Sprintf("/api/v1/followups?owner_id=%d", mgr.ID), Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: whats("Send the slides", "Call back", "Book the room")},
			},
			{
				Name: "by member nobody",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/followups?member_id=999999", Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: whats()},
			},
			{Name: "bad status", Req: webtest.Request{Method: "GET", Path: "/api/v1/followups?status=someday", Role: viewer}, Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "status"}},
			{
				Name: "paged",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/followups?limit=2", Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: func(t *testing.T, b map[string]any) {
					whats("Send the slides", "Call back")(t, b)
					if b["next_cursor"] == nil {
						t.Error("no next_cursor on a full page")
					}
				}},
			},

			{
				Name: "create",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/followups", Role: manager, JSON: map[string]any{"what": "Write the report", "due_on": "2026-04-01", "member_id": ada.ID}},
				Want: webtest.Want{Status: http.StatusCreated, Body: []string{`"what":"Write the report"`, `"status":"open"`, `"member_name":"Ada Lovelace"`}},
			},
			{
				Name: "create needs a due date",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/followups", Role: manager, JSON: map[string]any{"what": "Someday"}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "due_on"},
			},
			{
				Name: "create with an unknown owner",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/followups", Role: manager, JSON: map[string]any{"what": "x", "due_on": "2026-04-01", "owner_id": 999999}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "owner_id"},
			},
			{Name: "get", Req: webtest.Request{Method: "GET", Path: p(late), Role: viewer}, Want: webtest.Want{Status: http.StatusOK, Body: []string{`"what":"Send the slides"`}}},
			{Name: "get missing", Req: webtest.Request{Method: "GET", Path: "/api/v1/followups/999999", Role: viewer}, Want: webtest.Want{Status: http.StatusNotFound, Code: apperr.NotFound}},

			{
				Name: "complete",
				Req:  webtest.Request{Method: "PATCH", Path: p(today), Role: manager, JSON: map[string]any{"status": "done"}},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: func(t *testing.T, b map[string]any) {
					if b["status"] != "done" || b["done_at"] == nil || b["due_today"] != false {
						t.Errorf("completed follow-up = %v", b)
					}
				}},
			},
			{Name: "done list", Req: webtest.Request{Method: "GET", Path: "/api/v1/followups?status=done", Role: viewer}, Want: webtest.Want{Status: http.StatusOK, CheckJSON: whats("Call back")}},
			{
				Name: "a done one cannot be snoozed",
				Req:  webtest.Request{Method: "PATCH", Path: p(today), Role: manager, JSON: map[string]any{"snooze_until": "2026-03-20"}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "snooze_until"},
			},
			{
				Name: "reopen and snooze together",
				Req:  webtest.Request{Method: "PATCH", Path: p(today), Role: manager, JSON: map[string]any{"status": "open", "snooze_until": "2026-03-13"}},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`"status":"open"`, `"due_on":"2026-03-13"`, `"original_due_on":"2026-03-10"`, `"snooze_count":1`, `"done_at":null`}},
			},
			{
				Name: "snooze",
				Req:  webtest.Request{Method: "PATCH", Path: p(late), Role: manager, JSON: map[string]any{"snooze_until": "2026-03-17"}},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`"due_on":"2026-03-17"`, `"original_due_on":"2026-03-01"`, `"snooze_count":1`, `"overdue":false`}},
			},
			{Name: "no longer overdue", Req: webtest.Request{Method: "GET", Path: "/api/v1/followups?status=overdue", Role: viewer}, Want: webtest.Want{Status: http.StatusOK, CheckJSON: whats()}},
			{
				Name: "snooze into the past",
				Req:  webtest.Request{Method: "PATCH", Path: p(soon), Role: manager, JSON: map[string]any{"snooze_until": "2026-03-10"}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "snooze_until"},
			},
			{
				Name: "snooze to a non-date",
				Req:  webtest.Request{Method: "PATCH", Path: p(soon), Role: manager, JSON: map[string]any{"snooze_until": "next week"}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "snooze_until"},
			},
			{
				Name: "snooze with a new due date",
				Req:  webtest.Request{Method: "PATCH", Path: p(soon), Role: manager, JSON: map[string]any{"snooze_until": "2026-04-01", "due_on": "2026-04-02"}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "snooze_until"},
			},
			{
				Name: "bad status",
				Req:  webtest.Request{Method: "PATCH", Path: p(soon), Role: manager, JSON: map[string]any{"status": "later"}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "status"},
			},
			{
				Name: "edit fields and clear the owner",
				Req:  webtest.Request{Method: "PATCH", Path: p(soon), Role: manager, JSON: map[string]any{"what": "Book the big room", "owner_id": nil}},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: func(t *testing.T, b map[string]any) {
					if b["what"] != "Book the big room" || b["owner_id"] != nil || b["due_on"] != "2026-03-20" {
						t.Errorf("edited follow-up = %v", b)
					}
				}},
			},
			{
				Name: "edit validates",
				Req:  webtest.Request{Method: "PATCH", Path: p(soon), Role: manager, JSON: map[string]any{"what": ""}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "what"},
			},
			{
				Name: "read-only field",
				Req:  webtest.Request{Method: "PATCH", Path: p(soon), Role: manager, JSON: map[string]any{"overdue": false}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "overdue"},
			},
			{
				Name: "unknown field",
				Req:  webtest.Request{Method: "PATCH", Path: p(soon), Role: manager, JSON: map[string]any{"priority": "high"}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "priority"},
			},
			{
				Name: "patch as viewer",
				Req:  webtest.Request{Method: "PATCH", Path: p(soon), Role: viewer, JSON: map[string]any{"status": "done"}},
				Want: webtest.Want{Status: http.StatusForbidden, Code: apperr.Forbidden},
			},
		})
	})
}
