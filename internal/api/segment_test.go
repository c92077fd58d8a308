package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestSegments(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		var firstID int64
		webtest.Run(t, env, []webtest.Case{
			{
				Name: "create from a query",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/segments", Role: manager, JSON: map[string]any{"name": "Active mentors", "query": "tag=mentor&status=active"}},
				Want: webtest.Want{Status: http.StatusCreated, Body: []string{`"query":"status=active\u0026tag=mentor"`, `"tags":["mentor"]`}, CheckJSON: func(t *testing.T, b map[string]any) { firstID = id(b["id"]) }},
			},
			{
				Name: "create from a filter object",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/segments", Role: manager, JSON: map[string]any{"name": "Early career in Kenya", "filter": map[string]any{"career_stage": []string{"early_career"}, "country": []string{"ke"}}}},
				Want: webtest.Want{Status: http.StatusCreated, Body: []string{`"query":"career_stage=early_career\u0026country=KE"`}},
			},
			{
				Name: "name taken",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/segments", Role: manager, JSON: map[string]any{"name": "Active mentors", "query": "status=lapsed"}},
				Want: webtest.Want{Status: http.StatusConflict, Code: apperr.Conflict},
			},
			{
				Name: "name required",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/segments", Role: manager, JSON: map[string]any{"query": "status=lapsed"}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "name"},
			},
			{
				Name: "bad query value",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/segments", Role: manager, JSON: map[string]any{"name": "Sleepers", "query": "status=sleeping"}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "query.status"},
			},
			{
				Name: "bad filter value",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/segments", Role: manager, JSON: map[string]any{"name": "Sleepers", "filter": map[string]any{"status": []string{"sleeping"}}}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "filter.status"},
			},
			{
				Name: "new filter keys in a filter object",
				Req: webtest.Request{Method: "POST", Path: "/api/v1/segments", Role: manager, JSON: map[string]any{"name": "Wet lab, evenings", "filter": map[string]any{"field": map[string]any{"lab": "wet"},
					"time_zone": []string{"Europe/Berlin"}, "max_hours": 10, "orcid": "0000000218250097"}}},
				Want: webtest.Want{Status: http.StatusCreated, Body: []string{`"query":"field.lab=wet\u0026max_hours=10\u0026orcid=0000-0002-1825-0097\u0026time_zone=Europe%2FBerlin"`,
					`"field":{"lab":"wet"}`}},
			},
			{
				Name: "the filter's name is not the segment's",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/segments", Role: manager, JSON: map[string]any{"name": "Long names", "filter": map[string]any{"name": strings.Repeat("x", 201)}}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "filter.name"},
			},
			{
				Name: "a bad custom field in a filter object",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/segments", Role: manager, JSON: map[string]any{"name": "No name", "filter": map[string]any{"field": map[string]any{" ": "x"}}}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "filter.field"},
			},
			{
				Name: "unknown filter key",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/segments", Role: manager, JSON: map[string]any{"name": "Odd", "filter": map[string]any{"shoe_size": 42}}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "shoe_size"},
			},
			{
				Name: "query and filter together",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/segments", Role: manager, JSON: map[string]any{"name": "Both", "query": "", "filter": map[string]any{}}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "query"},
			},
			{
				Name: "viewer may not save",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/segments", Role: viewer, JSON: map[string]any{"name": "Mine", "query": ""}},
				Want: webtest.Want{Status: http.StatusForbidden, Code: apperr.Forbidden},
			},
			{
				Name: "list",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/segments", Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: func(t *testing.T, b map[string]any) {
					segs := list(t, b, "segments")
					if len(segs) != 3 || segs[0]["name"] != "Active mentors" {
						t.Errorf("segments = %v", segs)
					}
				}},
			},
		})
		p := fmt.Sprintf("/api/v1/segments/%d", firstID)
		webtest.Run(t, env, []webtest.Case{
			{Name: "get", Req: webtest.Request{Method: "GET", Path: p, Role: viewer}, Want: webtest.Want{Status: http.StatusOK, Body: []string{`"name":"Active mentors"`}}},
			{Name: "delete", Req: webtest.Request{Method: "DELETE", Path: p, Role: manager}, Want: webtest.Want{Status: http.StatusNoContent}},
			{Name: "gone", Req: webtest.Request{Method: "GET", Path: p, Role: viewer}, Want: webtest.Want{Status: http.StatusNotFound, Code: apperr.NotFound}},
			{Name: "delete missing", Req: webtest.Request{Method: "DELETE", Path: p, Role: manager}, Want: webtest.Want{Status: http.StatusNotFound, Code: apperr.NotFound}},
		})
	})
}
