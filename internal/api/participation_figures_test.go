package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestParticipationFiguresAPI(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		doc := openAPIDoc(t, env)
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada", CareerStage: members.StageSenior})
		bea := webtest.AddMember(t, env, members.Member{Name: "Bea"})
		for _, a := range []struct {
			id         int64
			kind, when string
		}{{ada.ID, "attended_call", "2026-01-31T23:59:59Z"}, {ada.ID, "gave_talk", "2026-02-01T00:00:00Z"}, {bea.ID, "co_authored", "2026-02-14T09:00:00Z"}} {
			if _, err := env.App.Participation.LogActivity(env.Ctx, a.id, participation.Item{Kind: a.kind, OccurredAt: a.when}); err != nil {
				t.Fatal(err)
			}
		}
		if err := env.App.Participation.RollUp(env.Ctx, []int64{ada.ID, bea.ID}); err != nil {
			t.Fatal(err)
		}
		schema := func(name string) func(t *testing.T, body map[string]any) {
			return func(t *testing.T, body map[string]any) {
				conform(t, doc, name, map[string]any{"$ref": "#/components/schemas/" + name}, body)
			}
		}
		webtest.Run(t, env, []webtest.Case{
			{Name: "funnel", Req: webtest.Request{Method: "GET", Path: "/api/v1/participation/funnel?from=2026-01&to=2026-02", Role: viewer},
				Want: webtest.Want{Status: 200, Body: []string{`{"month":"2026-01","active":1,"deepest":{"convey":1,"contribute":0,"collaborate":0,"co_create":0}}`,
					`{"month":"2026-02","active":2,"deepest":{"convey":0,"contribute":1,"collaborate":1,"co_create":0}}`}, CheckJSON: schema("ParticipationFunnel")}},
			{Name: "flows", Req: webtest.Request{Method: "GET", Path: "/api/v1/participation/flows?from=2026-01&to=2026-02", Role: viewer},
				Want: webtest.Want{Status: 200, Body: []string{`"up":1,"down":0,"stayed":0,"in":1,"out":0`}, CheckJSON: schema("ParticipationFlows")}},
			{Name: "health", Req: webtest.Request{Method: "GET", Path: "/api/v1/participation/health?from=2026-02&to=2026-02", Role: viewer},
				Want: webtest.Want{Status: 200, Body: []string{`"new_members":1`, `"first_contribution_median_days":0.5`, `"groups_month":"2026-02"`, `"value":"senior"`},
					CheckJSON: schema("ParticipationHealth")}},
			{Name: "bad months", Req: webtest.Request{Method: "GET", Path: "/api/v1/participation/health?from=2023-01&to=2026-02", Role: viewer},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Field: "to"}},
			{Name: "bad flow month", Req: webtest.Request{Method: "GET", Path: "/api/v1/participation/flows?from=january", Role: viewer},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Field: "from"}},
			{Name: "logged out", Req: webtest.Request{Method: "GET", Path: "/api/v1/participation/funnel"}, Want: webtest.Want{Status: 401}},
			{Name: "lifecycle, empty", Req: webtest.Request{Method: "GET", Path: "/api/v1/participation/lifecycle", Role: viewer},
				Want: webtest.Want{Status: 200, Body: []string{`"current":null`, `"history":[]`, `"key":"active_members"`}, CheckJSON: schema("Lifecycle")}},
			{Name: "viewer cannot record", Req: webtest.Request{Method: "POST", Path: "/api/v1/participation/lifecycle", Role: viewer,
				JSON: map[string]string{"model": "feverbee", "stage": "inception", "since": "2026-01-01"}}, Want: webtest.Want{Status: 403}},
			{Name: "refused", Req: webtest.Request{Method: "POST", Path: "/api/v1/participation/lifecycle", Role: manager,
				JSON: map[string]string{"model": "feverbee", "stage": "potential", "since": "2026-01-01"}}, Want: webtest.Want{Status: 422, Code: apperr.Invalid, Field: "stage"}},
			{Name: "recorded", Req: webtest.Request{Method: "POST", Path: "/api/v1/participation/lifecycle", Role: manager,
				JSON: map[string]string{"model": "feverbee", "stage": "inception", "since": "2026-01-01", "notes": "Launched"}},
				Want: webtest.Want{Status: 201, Body: []string{`"stage_label":"Inception"`, `"version":1`}, CheckJSON: schema("LifecycleEntry")}},
		})
		l, _ := env.App.Participation.LifecycleEntries(env.Ctx)
		path := fmt.Sprintf("/api/v1/participation/lifecycle/%d", l[0].ID)
		webtest.Run(t, env, []webtest.Case{
			{Name: "patched", Req: webtest.Request{Method: "PATCH", Path: path, Role: manager, Header: http.Header{"If-Match": {`"1"`}},
				JSON: map[string]string{"stage": "establishment"}},
				Want: webtest.Want{Status: 200, Body: []string{`"stage":"establishment"`, `"notes":"Launched"`, `"version":2`}}},
			{Name: "stale patch", Req: webtest.Request{Method: "PATCH", Path: path, Role: manager, Header: http.Header{"If-Match": {`"1"`}},
				JSON: map[string]string{"notes": "x"}}, Want: webtest.Want{Status: 409, Code: apperr.Conflict}},
			{Name: "read-only field", Req: webtest.Request{Method: "PATCH", Path: path, Role: manager, JSON: map[string]any{"version": 9}},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid}},
			{Name: "current", Req: webtest.Request{Method: "GET", Path: "/api/v1/participation/lifecycle", Role: viewer},
				Want: webtest.Want{Status: 200, Body: []string{`"current":{"id":`, `"stage_label":"Establishment"`}, CheckJSON: schema("Lifecycle")}},
			{Name: "stale delete", Req: webtest.Request{Method: "DELETE", Path: path, Role: manager, Header: http.Header{"If-Match": {`"1"`}}},
				Want: webtest.Want{Status: 409}},
			{Name: "deleted", Req: webtest.Request{Method: "DELETE", Path: path, Role: manager, Header: http.Header{"If-Match": {`"2"`}}},
				Want: webtest.Want{Status: 204}},
			{Name: "gone", Req: webtest.Request{Method: "PATCH", Path: path, Role: manager, JSON: map[string]string{"notes": "x"}},
				Want: webtest.Want{Status: 404}},
		})
	})
}
