package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// TestMemberParticipation: activities sent through the API show at once in
// the member's JSON, their participation detail and the lists; every
// answer has the shape the OpenAPI document gives it.
func TestMemberParticipation(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		doc := openAPIDoc(t, env)
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada"})
		grace := webtest.AddMember(t, env, members.Member{Name: "Grace"})
		// webtest.Now is 2026-03-10 10:00 UTC: Ada's talk is now (its
		// whole weight, 4), Grace's one call 49 days before.
		body := fmt.Sprintf("{\"member_id\": %d, \"kind\": \"gave_talk\", \"occurred_at\": \"2026-03-10T10:00:00Z\"}\n{\"member_id\": %d, \"kind\": \"attended_call\", \"occurred_at\": \"2026-01-20T10:00:00Z\"}\n", ada.ID, grace.ID)
		if rec := env.Do(t, webtest.Request{Method: "POST", Path: "/api/v1/activities", Role: manager, JSON: body, Header: ndjson}); rec.Code != http.StatusOK {
			t.Fatalf("ingest: %d %s", rec.Code, rec.Body)
		}
		shaped := func(schema string) func(t *testing.T, body map[string]any) {
			return func(t *testing.T, body map[string]any) {
				t.Helper()
				conform(t, doc, schema, map[string]any{"$ref": "#/components/schemas/" + schema}, body)
			}
		}
		webtest.Run(t, env, []webtest.Case{
			{Name: "member JSON", Req: webtest.Request{Method: "GET", Path: fmt.Sprintf("/api/v1/members/%d", ada.ID), Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`"participation":{"mode":"contribute","mode_since":"2026-03-10","stage":"newcomer","engagement":4}`}}},
			{Name: "members list", Req: webtest.Request{Method: "GET", Path: "/api/v1/members?limit=10", Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`"participation":{"mode":"convey","mode_since":"2026-01-20","stage":"newcomer"`}}},
			{Name: "detail", Req: webtest.Request{Method: "GET", Path: fmt.Sprintf("/api/v1/members/%d/participation", ada.ID), Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: shaped("MemberStanding"),
					Body: []string{`"pathway":[{"day":"2026-03-10","from":"none","to":"contribute","up":true}]`, `"contribution":4`, `"window_from":"2025-12-11"`}}},
			{Name: "detail of nobody", Req: webtest.Request{Method: "GET", Path: "/api/v1/members/999999/participation", Role: viewer},
				Want: webtest.Want{Status: http.StatusNotFound, Code: apperr.NotFound}},
			{Name: "detail without a token", Req: webtest.Request{Method: "GET", Path: fmt.Sprintf("/api/v1/members/%d/participation", ada.ID), Role: nobody},
				Want: webtest.Want{Status: http.StatusUnauthorized}},
			{Name: "quiet newcomers", Req: webtest.Request{Method: "GET", Path: "/api/v1/participation/lists/quiet-newcomers", Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: shaped("ParticipationListPage"), Body: []string{`"name":"Grace"`}, Absent: []string{`"name":"Ada"`}}},
			{Name: "next step", Req: webtest.Request{Method: "GET", Path: "/api/v1/participation/lists/next-step?months=1", Role: owner},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: shaped("ParticipationListPage"), Body: []string{`"members":[]`}}},
			{Name: "unknown list", Req: webtest.Request{Method: "GET", Path: "/api/v1/participation/lists/favourites", Role: viewer},
				Want: webtest.Want{Status: http.StatusNotFound, Code: apperr.NotFound}},
			{Name: "bad months", Req: webtest.Request{Method: "GET", Path: "/api/v1/participation/lists/next-step?months=0", Role: viewer},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Code: apperr.Invalid, Field: "months"}},
			{Name: "bad cursor", Req: webtest.Request{Method: "GET", Path: "/api/v1/participation/lists/going-quiet?cursor=zz", Role: viewer},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Code: apperr.Invalid, Field: "cursor"}},
		})
	})
}
