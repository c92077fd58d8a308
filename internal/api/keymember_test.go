package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestKeyMembersAndGroups(t *testing.T) {
	eachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := addMember(t, env, members.Member{Name: "Ada Lovelace", Affiliation: "Analytical Society"})
		groups, err := env.App.Relationships.ListGroups(env.Ctx)
		if err != nil || len(groups) == 0 {
			t.Fatalf("built-in groups: %v %v", groups, err)
		}
		key := fmt.Sprintf("/api/v1/members/%d/key", ada.ID)
		run(t, env, []apiCase{
			{name: "groups", method: "GET", path: "/api/v1/groups", role: viewer, status: http.StatusOK,
				check: func(t *testing.T, b map[string]any) {
					if got := list(t, b, "groups"); len(got) != len(groups) {
						t.Errorf("%d groups, want %d", len(got), len(groups))
					}
				}},
			{name: "add a group", method: "POST", path: "/api/v1/groups", role: manager, body: map[string]any{"name": "Press"},
				status: http.StatusCreated, want: []string{`"name":"Press"`, `"builtin":false`}},
			{name: "group name taken", method: "POST", path: "/api/v1/groups", role: manager, body: map[string]any{"name": "press"},
				status: http.StatusConflict, code: apperr.Conflict},
			{name: "group name required", method: "POST", path: "/api/v1/groups", role: manager, body: map[string]any{"name": ""},
				status: http.StatusUnprocessableEntity, field: "name"},

			{name: "make key", method: "PUT", path: key, role: manager,
				body:   map[string]any{"cadence_days": 30, "group_ids": []int64{groups[0].ID}, "note": "Chairs the board"},
				status: http.StatusOK, want: []string{`"cadence_days":30`, `"note":"Chairs the board"`, groups[0].Name}},
			{name: "change cadence", method: "PUT", path: key, role: manager,
				body: map[string]any{"cadence_days": 14}, status: http.StatusOK, want: []string{`"cadence_days":14`, `"groups":[]`}},
			{name: "bad cadence", method: "PUT", path: key, role: manager,
				body: map[string]any{"cadence_days": 0}, status: http.StatusUnprocessableEntity, field: "cadence_days"},
			{name: "unknown group", method: "PUT", path: key, role: manager,
				body: map[string]any{"cadence_days": 30, "group_ids": []int64{999999}}, status: http.StatusUnprocessableEntity, field: "group_ids"},
			{name: "unknown member", method: "PUT", path: "/api/v1/members/999999/key", role: manager,
				body: map[string]any{"cadence_days": 30}, status: http.StatusNotFound, code: apperr.NotFound},
			{name: "viewer may not", method: "PUT", path: key, role: viewer,
				body: map[string]any{"cadence_days": 30}, status: http.StatusForbidden},
			{name: "statuses with warmth", method: "GET", path: "/api/v1/key-members", role: viewer, status: http.StatusOK,
				check: func(t *testing.T, b map[string]any) {
					km := list(t, b, "key_members")
					if len(km) != 1 || id(km[0]["member_id"]) != ada.ID || km[0]["affiliation"] != "Analytical Society" {
						t.Fatalf("key_members = %v", km)
					}
					if field(km[0], "warmth", "level") != "new" || field(km[0], "warmth", "reason") == "" {
						t.Errorf("warmth of someone made key today, not yet contacted = %v", km[0]["warmth"])
					}
					if km[0]["days_since"] != float64(-1) || km[0]["next_due"] != "2026-03-24" {
						t.Errorf("days_since %v, next_due %v", km[0]["days_since"], km[0]["next_due"])
					}
				}},
			{name: "remove", method: "DELETE", path: key, role: manager, status: http.StatusNoContent},
			{name: "remove again", method: "DELETE", path: key, role: manager, status: http.StatusNotFound, code: apperr.NotFound},
			{name: "none left", method: "GET", path: "/api/v1/key-members", role: viewer, status: http.StatusOK, want: []string{`{"key_members":[]}`}},
		})
	})
}
