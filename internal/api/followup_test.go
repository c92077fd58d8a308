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
	eachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := addMember(t, env, members.Member{Name: "Ada Lovelace"})
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
		run(t, env, []apiCase{
			{name: "open by default", method: "GET", path: "/api/v1/followups", role: viewer, status: http.StatusOK,
				check: whats("Send the slides", "Call back", "Book the room")},
			{name: "overdue", method: "GET", path: "/api/v1/followups?status=overdue", role: viewer, status: http.StatusOK,
				check: whats("Send the slides"), want: []string{`"overdue":true`}},
			{name: "due", method: "GET", path: "/api/v1/followups?status=due", role: viewer, status: http.StatusOK,
				check: whats("Send the slides", "Call back")},
			{name: "upcoming", method: "GET", path: "/api/v1/followups?status=upcoming", role: viewer, status: http.StatusOK,
				check: whats("Book the room")},
			{name: "by owner", method: "GET", path: fmt.Sprintf("/api/v1/followups?owner_id=%d", mgr.ID), role: viewer, status: http.StatusOK,
				check: whats("Send the slides", "Call back", "Book the room")},
			{name: "by member nobody", method: "GET", path: "/api/v1/followups?member_id=999999", role: viewer, status: http.StatusOK,
				check: whats()},
			{name: "bad status", method: "GET", path: "/api/v1/followups?status=someday", role: viewer, status: http.StatusUnprocessableEntity, field: "status"},
			{name: "paged", method: "GET", path: "/api/v1/followups?limit=2", role: viewer, status: http.StatusOK,
				check: func(t *testing.T, b map[string]any) {
					whats("Send the slides", "Call back")(t, b)
					if b["next_cursor"] == nil {
						t.Error("no next_cursor on a full page")
					}
				}},

			{name: "create", method: "POST", path: "/api/v1/followups", role: manager,
				body:   map[string]any{"what": "Write the report", "due_on": "2026-04-01", "member_id": ada.ID},
				status: http.StatusCreated, want: []string{`"what":"Write the report"`, `"status":"open"`, `"member_name":"Ada Lovelace"`}},
			{name: "create needs a due date", method: "POST", path: "/api/v1/followups", role: manager,
				body: map[string]any{"what": "Someday"}, status: http.StatusUnprocessableEntity, field: "due_on"},
			{name: "create with an unknown owner", method: "POST", path: "/api/v1/followups", role: manager,
				body:   map[string]any{"what": "x", "due_on": "2026-04-01", "owner_id": 999999},
				status: http.StatusUnprocessableEntity, field: "owner_id"},
			{name: "get", method: "GET", path: p(late), role: viewer, status: http.StatusOK, want: []string{`"what":"Send the slides"`}},
			{name: "get missing", method: "GET", path: "/api/v1/followups/999999", role: viewer, status: http.StatusNotFound, code: apperr.NotFound},

			{name: "complete", method: "PATCH", path: p(today), role: manager, body: map[string]any{"status": "done"}, status: http.StatusOK,
				check: func(t *testing.T, b map[string]any) {
					if b["status"] != "done" || b["done_at"] == nil || b["due_today"] != false {
						t.Errorf("completed follow-up = %v", b)
					}
				}},
			{name: "done list", method: "GET", path: "/api/v1/followups?status=done", role: viewer, status: http.StatusOK, check: whats("Call back")},
			{name: "a done one cannot be snoozed", method: "PATCH", path: p(today), role: manager,
				body: map[string]any{"snooze_until": "2026-03-20"}, status: http.StatusUnprocessableEntity, field: "snooze_until"},
			{name: "reopen and snooze together", method: "PATCH", path: p(today), role: manager,
				body: map[string]any{"status": "open", "snooze_until": "2026-03-13"}, status: http.StatusOK,
				want: []string{`"status":"open"`, `"due_on":"2026-03-13"`, `"original_due_on":"2026-03-10"`, `"snooze_count":1`, `"done_at":null`}},
			{name: "snooze", method: "PATCH", path: p(late), role: manager, body: map[string]any{"snooze_until": "2026-03-17"}, status: http.StatusOK,
				want: []string{`"due_on":"2026-03-17"`, `"original_due_on":"2026-03-01"`, `"snooze_count":1`, `"overdue":false`}},
			{name: "no longer overdue", method: "GET", path: "/api/v1/followups?status=overdue", role: viewer, status: http.StatusOK, check: whats()},
			{name: "snooze into the past", method: "PATCH", path: p(soon), role: manager,
				body: map[string]any{"snooze_until": "2026-03-10"}, status: http.StatusUnprocessableEntity, field: "snooze_until"},
			{name: "snooze to a non-date", method: "PATCH", path: p(soon), role: manager,
				body: map[string]any{"snooze_until": "next week"}, status: http.StatusUnprocessableEntity, field: "snooze_until"},
			{name: "snooze with a new due date", method: "PATCH", path: p(soon), role: manager,
				body: map[string]any{"snooze_until": "2026-04-01", "due_on": "2026-04-02"}, status: http.StatusUnprocessableEntity, field: "snooze_until"},
			{name: "bad status", method: "PATCH", path: p(soon), role: manager,
				body: map[string]any{"status": "later"}, status: http.StatusUnprocessableEntity, field: "status"},
			{name: "edit fields and clear the owner", method: "PATCH", path: p(soon), role: manager,
				body: map[string]any{"what": "Book the big room", "owner_id": nil}, status: http.StatusOK,
				check: func(t *testing.T, b map[string]any) {
					if b["what"] != "Book the big room" || b["owner_id"] != nil || b["due_on"] != "2026-03-20" {
						t.Errorf("edited follow-up = %v", b)
					}
				}},
			{name: "edit validates", method: "PATCH", path: p(soon), role: manager,
				body: map[string]any{"what": ""}, status: http.StatusUnprocessableEntity, field: "what"},
			{name: "read-only field", method: "PATCH", path: p(soon), role: manager,
				body: map[string]any{"overdue": false}, status: http.StatusUnprocessableEntity, field: "overdue"},
			{name: "unknown field", method: "PATCH", path: p(soon), role: manager,
				body: map[string]any{"priority": "high"}, status: http.StatusUnprocessableEntity, field: "priority"},
			{name: "patch as viewer", method: "PATCH", path: p(soon), role: viewer,
				body: map[string]any{"status": "done"}, status: http.StatusForbidden, code: apperr.Forbidden},
		})
	})
}
