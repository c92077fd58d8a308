package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestGoalsAPI(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		mgr := env.Users[manager].ID
		served, err := env.App.Goals.Create(env.Ctx, goals.Goal{Title: "Show our impact"})
		if err != nil {
			t.Fatal(err)
		}
		env.App.Goals.Sources = []goals.Source{func(_ context.Context, goalID int64, _, _ string) ([]goals.Contribution, error) {
			if goalID != served.ID {
				return nil, nil
			}
			return []goals.Contribution{{Kind: "content", ID: 9, Title: "Annual report", On: "2026-02-01"}}, nil
		}}
		var id string // the goal created below
		path := func() string { return "/api/v1/goals/" + id }
		etag := func(v string) http.Header { return http.Header{"If-Match": {`"` + v + `"`}} }
		cases := []webtest.Case{
			{Name: "viewer cannot create", Req: webtest.Request{Method: "POST", Path: "/api/v1/goals", Role: viewer, JSON: map[string]any{"title": "x"}},
				Want: webtest.Want{Status: 403}},
			{Name: "create needs a title", Req: webtest.Request{Method: "POST", Path: "/api/v1/goals", Role: manager, JSON: map[string]any{"title": " "}},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Field: "title"}},
			{Name: "create with a bad indicator", Req: webtest.Request{Method: "POST", Path: "/api/v1/goals", Role: manager, JSON: map[string]any{
				"title": "Grow", "indicators": []map[string]any{{"name": "n", "target": 1, "measured_on": "2026-03-01"}}}},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Field: "indicators[0].measured_on"}},
			{Name: "create with an unknown field", Req: webtest.Request{Method: "POST", Path: "/api/v1/goals", Role: manager, JSON: map[string]any{"title": "Grow", "colour": "red"}},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid}},
			{Name: "create", Req: webtest.Request{Method: "POST", Path: "/api/v1/goals", Role: manager, JSON: map[string]any{
				"title": "Grow member-led programming", "owner_user_id": mgr,
				"indicators": []map[string]any{{"name": "Sessions hosted by members", "unit": "%", "target": 50, "current": 30, "measured_on": "2026-03-01"}}}},
				Want: webtest.Want{Status: 201, Check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					if rec.Header().Get("ETag") != `"1"` {
						t.Errorf("ETag %q", rec.Header().Get("ETag"))
					}
				}, CheckJSON: func(t *testing.T, body map[string]any) {
					id = fmt.Sprint(body["id"])
					if body["owner_name"] != "Manager User" || field(body, "status") != "active" || len(list(t, body, "indicators")) != 1 {
						t.Errorf("created %v", body)
					}
				}}},
		}
		webtest.Run(t, env, cases)
		webtest.Run(t, env, []webtest.Case{
			{Name: "list", Req: webtest.Request{Method: "GET", Path: "/api/v1/goals", Role: viewer}, Want: webtest.Want{Status: 200,
				CheckJSON: func(t *testing.T, body map[string]any) {
					if gs := list(t, body, "goals"); len(gs) != 2 || gs[1]["title"] != "Grow member-led programming" {
						t.Errorf("goals %v", gs)
					}
				}}},
			{Name: "get", Req: webtest.Request{Method: "GET", Path: path(), Role: viewer}, Want: webtest.Want{Status: 200,
				Body: []string{`"target":50`, `"current":30`, `"measured_on":"2026-03-01"`}}},
			{Name: "get unknown", Req: webtest.Request{Method: "GET", Path: "/api/v1/goals/99999", Role: viewer}, Want: webtest.Want{Status: 404, Code: apperr.NotFound}},
			{Name: "patch read-only", Req: webtest.Request{Method: "PATCH", Path: path(), Role: manager, JSON: map[string]any{"version": 5}},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Field: "version"}},
			{Name: "patch a title taken", Req: webtest.Request{Method: "PATCH", Path: path(), Role: manager, JSON: map[string]any{"title": "SHOW our impact"}},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Field: "title"}},
			{Name: "patch", Req: webtest.Request{Method: "PATCH", Path: path(), Role: manager, Header: etag("1"), JSON: map[string]any{
				"why": "A fragile community depends on two staff.", "owner_user_id": nil}},
				Want: webtest.Want{Status: 200, CheckJSON: func(t *testing.T, body map[string]any) {
					if body["version"] != 2.0 || body["owner_user_id"] != nil || len(list(t, body, "indicators")) != 1 {
						t.Errorf("patched %v", body)
					}
				}}},
			{Name: "stale patch", Req: webtest.Request{Method: "PATCH", Path: path(), Role: manager, Header: etag("1"), JSON: map[string]any{"title": "Other"}},
				Want: webtest.Want{Status: 409, Code: apperr.Conflict, CheckJSON: func(t *testing.T, body map[string]any) {
					if field(body, "error", "current_version") != 2.0 || len(field(body, "error", "changes").([]any)) != 2 {
						t.Errorf("stale %v", body)
					}
				}}},
			{Name: "retire", Req: webtest.Request{Method: "PATCH", Path: path(), Role: manager, Header: etag("2"), JSON: map[string]any{"status": "retired"}},
				Want: webtest.Want{Status: 200, Body: []string{`"status":"retired"`, `"retired_on":"2026-03-10"`}}},
			{Name: "bad status", Req: webtest.Request{Method: "PATCH", Path: path(), Role: manager, JSON: map[string]any{"status": "paused"}},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Field: "status"}},
			{Name: "delete served", Req: webtest.Request{Method: "DELETE", Path: fmt.Sprintf("/api/v1/goals/%d", served.ID), Role: manager},
				Want: webtest.Want{Status: 409, Code: apperr.Conflict, Body: []string{`the content \"Annual report\" still serves it`}}},
			{Name: "stale delete", Req: webtest.Request{Method: "DELETE", Path: path(), Role: manager, Header: etag("1")},
				Want: webtest.Want{Status: 409, Code: apperr.Conflict}},
			{Name: "delete", Req: webtest.Request{Method: "DELETE", Path: path(), Role: manager, Header: etag("3")}, Want: webtest.Want{Status: 204}},
			{Name: "gone", Req: webtest.Request{Method: "GET", Path: path(), Role: viewer}, Want: webtest.Want{Status: 404}},
		})
	})
}
