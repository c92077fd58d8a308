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
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Affiliation: "Analytical Society"})
		groups, err := env.App.Relationships.ListGroups(env.Ctx)
		if err != nil || len(groups) == 0 {
			t.Fatalf("built-in groups: %v %v", groups, err)
		}
		key := fmt.Sprintf("/api/v1/members/%d/key", ada.ID)
		webtest.Run(t, env, []webtest.Case{
			{
				Name: "groups",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/groups", Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: func(t *testing.T, b map[string]any) {
					if got := list(t, b, "groups"); len(got) != len(groups) {
						t.Errorf("%d groups, want %d", len(got), len(groups))
					}
				}},
			},
			{
				Name: "add a group",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/groups", Role: manager, JSON: map[string]any{"name": "Press"}},
				Want: webtest.Want{Status: http.StatusCreated, Body: []string{`"name":"Press"`, `"builtin":false`}},
			},
			{
				Name: "group name taken",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/groups", Role: manager, JSON: map[string]any{"name": "press"}},
				Want: webtest.Want{Status: http.StatusConflict, Code: apperr.Conflict},
			},
			{
				Name: "group name required",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/groups", Role: manager, JSON: map[string]any{"name": ""}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "name"},
			},

			{
				Name: "make key",
				Req:  webtest.Request{Method: "PUT", Path: key, Role: manager, JSON: map[string]any{"cadence_days": 30, "group_ids": []int64{groups[0].ID}, "note": "Chairs the board"}},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`"cadence_days":30`, `"note":"Chairs the board"`, groups[0].Name}},
			},
			{
				Name: "change cadence",
				Req:  webtest.Request{Method: "PUT", Path: key, Role: manager, JSON: map[string]any{"cadence_days": 14}},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`"cadence_days":14`, `"groups":[]`}},
			},
			{
				Name: "bad cadence",
				Req:  webtest.Request{Method: "PUT", Path: key, Role: manager, JSON: map[string]any{"cadence_days": 0}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "cadence_days"},
			},
			{
				Name: "unknown group",
				Req:  webtest.Request{Method: "PUT", Path: key, Role: manager, JSON: map[string]any{"cadence_days": 30, "group_ids": []int64{999999}}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "group_ids"},
			},
			{
				Name: "unknown member",
				Req:  webtest.Request{Method: "PUT", Path: "/api/v1/members/999999/key", Role: manager, JSON: map[string]any{"cadence_days": 30}},
				Want: webtest.Want{Status: http.StatusNotFound, Code: apperr.NotFound},
			},
			{
				Name: "viewer may not",
				Req:  webtest.Request{Method: "PUT", Path: key, Role: viewer, JSON: map[string]any{"cadence_days": 30}},
				Want: webtest.Want{Status: http.StatusForbidden},
			},
			{
				Name: "statuses with warmth",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/key-members", Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: func(t *testing.T, b map[string]any) {
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
			},
			{Name: "remove", Req: webtest.Request{Method: "DELETE", Path: key, Role: manager}, Want: webtest.Want{Status: http.StatusNoContent}},
			{Name: "remove again", Req: webtest.Request{Method: "DELETE", Path: key, Role: manager}, Want: webtest.Want{Status: http.StatusNotFound, Code: apperr.NotFound}},
			{Name: "none left", Req: webtest.Request{Method: "GET", Path: "/api/v1/key-members", Role: viewer}, Want: webtest.Want{Status: http.StatusOK, Body: []string{`{"key_members":[]}`}}},
		})
	})
}
