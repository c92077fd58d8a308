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
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		doc := openAPIDoc(t, env)
		keep := webtest.AddMember(t, env, members.Member{Name: "Marguerite Lindqvist", Emails: []members.Email{{Address: "m@uu.example"}}})
		drop := webtest.AddMember(t, env, members.Member{Name: "Lindqvist Marguerite", Emails: []members.Email{{Address: "m@home.example"}}})
		p := func(id int64, rest string) string { return fmt.Sprintf("/api/v1/members/%d%s", id, rest) }
		conforms := func(schema string) func(t *testing.T, body map[string]any) {
			return func(t *testing.T, body map[string]any) {
				conform(t, doc, schema, map[string]any{"$ref": "#/components/schemas/" + schema}, body)
			}
		}
		// A second record of the same name is reported on create.
		webtest.Run(t, env, []webtest.Case{
			{
				Name: "same name on create",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/members", Role: manager, JSON: map[string]any{"name": "MARGUERITE LINDQVIST", "emails": []map[string]any{{"address": "x@y.example"}}}},
				Want: webtest.Want{Status: http.StatusConflict, Code: apperr.Conflict, Body: []string{`same name, written “Marguerite Lindqvist”`}},
			},
			{
				Name: "merge keeps the path's member",
				Req:  webtest.Request{Method: "POST", Path: p(keep.ID, "/merge"), Role: manager, JSON: map[string]any{"drop_id": drop.ID}},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{fmt.Sprintf(`"id":%d`, keep.ID), "m@home.example"}},
			},
			{
				Name: "the merged-away member points to the kept one",
				Req:  webtest.Request{Method: "GET", Path: p(drop.ID, ""), Role: viewer},
				Want: webtest.Want{Status: http.StatusNotFound, Code: apperr.NotFound, Body: []string{fmt.Sprintf(`"merged_into":%d`, keep.ID)}, CheckJSON: conforms("Error")},
			},
			{
				Name: "a member that never was has no pointer",
				Req:  webtest.Request{Method: "GET", Path: p(999999, ""), Role: viewer},
				Want: webtest.Want{Status: http.StatusNotFound, CheckJSON: func(t *testing.T, body map[string]any) {
					if _, ok := body["error"].(map[string]any)["merged_into"]; ok {
						t.Errorf("merged_into on an unknown member: %v", body)
					}
				}},
			},
			{
				Name: "merge history",
				Req:  webtest.Request{Method: "GET", Path: p(keep.ID, "/merges"), Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{fmt.Sprintf(`"kept_id":%d`, keep.ID), fmt.Sprintf(`"dropped_id":%d`, drop.ID), `"undone_at":null`}, CheckJSON: conforms("MergeList")},
			},
		})
		history, err := env.App.Members.Merges(env.Ctx, keep.ID)
		if err != nil || len(history) != 1 {
			t.Fatalf("merges: %v %v", history, err)
		}
		undo := fmt.Sprintf("/api/v1/merges/%d/undo", history[0].ID)
		webtest.Run(t, env, []webtest.Case{
			{Name: "viewers cannot undo", Req: webtest.Request{Method: "POST", Path: undo, Role: viewer}, Want: webtest.Want{Status: http.StatusForbidden}},
			{
				Name: "undo",
				Req:  webtest.Request{Method: "POST", Path: undo, Role: manager},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`"kept":{`, `"restored":{`, fmt.Sprintf(`"id":%d`, drop.ID), "m@home.example"}, CheckJSON: conforms("MergeUndone")},
			},
			{
				Name: "undo twice",
				Req:  webtest.Request{Method: "POST", Path: undo, Role: manager},
				Want: webtest.Want{Status: http.StatusConflict, Code: apperr.Conflict, Body: []string{"already undone"}},
			},
			{Name: "no such merge", Req: webtest.Request{Method: "POST", Path: "/api/v1/merges/999999/undo", Role: manager}, Want: webtest.Want{Status: http.StatusNotFound}},
			{Name: "back", Req: webtest.Request{Method: "GET", Path: p(drop.ID, ""), Role: viewer}, Want: webtest.Want{Status: http.StatusOK}},

			{
				Name: "not a duplicate needs member_id",
				Req:  webtest.Request{Method: "POST", Path: p(keep.ID, "/not-duplicates"), Role: manager, JSON: map[string]any{}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "member_id"},
			},
			{
				Name: "not a duplicate of oneself",
				Req:  webtest.Request{Method: "POST", Path: p(keep.ID, "/not-duplicates"), Role: manager, JSON: map[string]any{"member_id": keep.ID}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "member_id"},
			},
			{
				Name: "not a duplicate of nobody",
				Req:  webtest.Request{Method: "POST", Path: p(keep.ID, "/not-duplicates"), Role: manager, JSON: map[string]any{"member_id": 999999}},
				Want: webtest.Want{Status: http.StatusNotFound},
			},
			{
				Name: "not a duplicate",
				Req:  webtest.Request{Method: "POST", Path: p(keep.ID, "/not-duplicates"), Role: manager, JSON: map[string]any{"member_id": drop.ID}},
				Want: webtest.Want{Status: http.StatusNoContent},
			},
			{
				Name: "again changes nothing",
				Req:  webtest.Request{Method: "POST", Path: p(drop.ID, "/not-duplicates"), Role: manager, JSON: map[string]any{"member_id": keep.ID}},
				Want: webtest.Want{Status: http.StatusNoContent},
			},
			{
				Name: "viewers cannot decide",
				Req:  webtest.Request{Method: "POST", Path: p(drop.ID, "/not-duplicates"), Role: viewer, JSON: map[string]any{"member_id": keep.ID}},
				Want: webtest.Want{Status: http.StatusForbidden},
			},
			{
				Name: "take it back",
				Req:  webtest.Request{Method: "DELETE", Path: p(drop.ID, fmt.Sprintf("/not-duplicates/%d", keep.ID)), Role: manager},
				Want: webtest.Want{Status: http.StatusNoContent},
			},
			{
				Name: "nothing to take back",
				Req:  webtest.Request{Method: "DELETE", Path: p(drop.ID, fmt.Sprintf("/not-duplicates/%d", keep.ID)), Role: manager},
				Want: webtest.Want{Status: http.StatusNotFound},
			},
		})
	})
}
