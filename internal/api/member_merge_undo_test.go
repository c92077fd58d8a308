package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestMergeUndoAndNotDuplicates(t *testing.T) {
	eachDialect(t, func(t *testing.T, env *webtest.Env) {
		doc := openAPIDoc(t, env)
		keep := addMember(t, env, members.Member{Name: "Marguerite Lindqvist", Emails: []members.Email{{Address: "m@uu.example"}}})
		drop := addMember(t, env, members.Member{Name: "Lindqvist Marguerite", Emails: []members.Email{{Address: "m@home.example"}}})
		p := func(id int64, rest string) string { return fmt.Sprintf("/api/v1/members/%d%s", id, rest) }
		conforms := func(schema string) func(t *testing.T, body map[string]any) {
			return func(t *testing.T, body map[string]any) {
				conform(t, doc, schema, map[string]any{"$ref": "#/components/schemas/" + schema}, body)
			}
		}
		// A second record of the same name is reported on create.
		run(t, env, []apiCase{
			{name: "same name on create", method: "POST", path: "/api/v1/members", role: manager,
				body:   map[string]any{"name": "MARGUERITE LINDQVIST", "emails": []map[string]any{{"address": "x@y.example"}}},
				status: http.StatusConflict, code: apperr.Conflict, want: []string{`same name, written “Marguerite Lindqvist”`}},
			{name: "merge keeps the path's member", method: "POST", path: p(keep.ID, "/merge"), role: manager,
				body: map[string]any{"drop_id": drop.ID}, status: http.StatusOK,
				want: []string{fmt.Sprintf(`"id":%d`, keep.ID), "m@home.example"}},
			{name: "the merged-away member points to the kept one", method: "GET", path: p(drop.ID, ""), role: viewer,
				status: http.StatusNotFound, code: apperr.NotFound, want: []string{fmt.Sprintf(`"merged_into":%d`, keep.ID)},
				check: conforms("Error")},
			{name: "a member that never was has no pointer", method: "GET", path: p(999999, ""), role: viewer,
				status: http.StatusNotFound, check: func(t *testing.T, body map[string]any) {
					if _, ok := body["error"].(map[string]any)["merged_into"]; ok {
						t.Errorf("merged_into on an unknown member: %v", body)
					}
				}},
			{name: "merge history", method: "GET", path: p(keep.ID, "/merges"), role: viewer, status: http.StatusOK,
				want:  []string{fmt.Sprintf(`"kept_id":%d`, keep.ID), fmt.Sprintf(`"dropped_id":%d`, drop.ID), `"undone_at":null`},
				check: conforms("MergeList")},
		})
		history, err := env.App.Members.Merges(env.Ctx, keep.ID)
		if err != nil || len(history) != 1 {
			t.Fatalf("merges: %v %v", history, err)
		}
		undo := fmt.Sprintf("/api/v1/merges/%d/undo", history[0].ID)
		run(t, env, []apiCase{
			{name: "viewers cannot undo", method: "POST", path: undo, role: viewer, status: http.StatusForbidden},
			{name: "undo", method: "POST", path: undo, role: manager, status: http.StatusOK,
				want: []string{`"kept":{`, `"restored":{`, fmt.Sprintf(`"id":%d`, drop.ID), "m@home.example"}, check: conforms("MergeUndone")},
			{name: "undo twice", method: "POST", path: undo, role: manager, status: http.StatusConflict, code: apperr.Conflict,
				want: []string{"already undone"}},
			{name: "no such merge", method: "POST", path: "/api/v1/merges/999999/undo", role: manager, status: http.StatusNotFound},
			{name: "back", method: "GET", path: p(drop.ID, ""), role: viewer, status: http.StatusOK},

			{name: "not a duplicate needs member_id", method: "POST", path: p(keep.ID, "/not-duplicates"), role: manager,
				body: map[string]any{}, status: http.StatusUnprocessableEntity, field: "member_id"},
			{name: "not a duplicate of oneself", method: "POST", path: p(keep.ID, "/not-duplicates"), role: manager,
				body: map[string]any{"member_id": keep.ID}, status: http.StatusUnprocessableEntity, field: "member_id"},
			{name: "not a duplicate of nobody", method: "POST", path: p(keep.ID, "/not-duplicates"), role: manager,
				body: map[string]any{"member_id": 999999}, status: http.StatusNotFound},
			{name: "not a duplicate", method: "POST", path: p(keep.ID, "/not-duplicates"), role: manager,
				body: map[string]any{"member_id": drop.ID}, status: http.StatusNoContent},
			{name: "again changes nothing", method: "POST", path: p(drop.ID, "/not-duplicates"), role: manager,
				body: map[string]any{"member_id": keep.ID}, status: http.StatusNoContent},
			{name: "viewers cannot decide", method: "POST", path: p(drop.ID, "/not-duplicates"), role: viewer,
				body: map[string]any{"member_id": keep.ID}, status: http.StatusForbidden},
			{name: "take it back", method: "DELETE", path: p(drop.ID, fmt.Sprintf("/not-duplicates/%d", keep.ID)), role: manager,
				status: http.StatusNoContent},
			{name: "nothing to take back", method: "DELETE", path: p(drop.ID, fmt.Sprintf("/not-duplicates/%d", keep.ID)), role: manager,
				status: http.StatusNotFound},
		})
	})
}
