package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestSegments(t *testing.T) {
	eachDialect(t, func(t *testing.T, env *webtest.Env) {
		var firstID int64
		run(t, env, []apiCase{
			{name: "create from a query", method: "POST", path: "/api/v1/segments", role: manager,
				body: map[string]any{"name": "Active mentors", "query": "tag=mentor&status=active"}, status: http.StatusCreated,
				want:  []string{`"query":"status=active\u0026tag=mentor"`, `"tags":["mentor"]`},
				check: func(t *testing.T, b map[string]any) { firstID = id(b["id"]) }},
			{name: "create from a filter object", method: "POST", path: "/api/v1/segments", role: manager,
				body:   map[string]any{"name": "Early career in Kenya", "filter": map[string]any{"career_stage": []string{"early_career"}, "country": []string{"ke"}}},
				status: http.StatusCreated, want: []string{`"query":"career_stage=early_career\u0026country=KE"`}},
			{name: "name taken", method: "POST", path: "/api/v1/segments", role: manager,
				body: map[string]any{"name": "Active mentors", "query": "status=lapsed"}, status: http.StatusConflict, code: apperr.Conflict},
			{name: "name required", method: "POST", path: "/api/v1/segments", role: manager,
				body: map[string]any{"query": "status=lapsed"}, status: http.StatusUnprocessableEntity, field: "name"},
			{name: "bad query value", method: "POST", path: "/api/v1/segments", role: manager,
				body: map[string]any{"name": "Sleepers", "query": "status=sleeping"}, status: http.StatusUnprocessableEntity, field: "query.status"},
			{name: "bad filter value", method: "POST", path: "/api/v1/segments", role: manager,
				body: map[string]any{"name": "Sleepers", "filter": map[string]any{"status": []string{"sleeping"}}}, status: http.StatusUnprocessableEntity, field: "filter.status"},
			{name: "unknown filter key", method: "POST", path: "/api/v1/segments", role: manager,
				body: map[string]any{"name": "Odd", "filter": map[string]any{"shoe_size": 42}}, status: http.StatusUnprocessableEntity, field: "shoe_size"},
			{name: "query and filter together", method: "POST", path: "/api/v1/segments", role: manager,
				body: map[string]any{"name": "Both", "query": "", "filter": map[string]any{}}, status: http.StatusUnprocessableEntity, field: "query"},
			{name: "viewer may not save", method: "POST", path: "/api/v1/segments", role: viewer,
				body: map[string]any{"name": "Mine", "query": ""}, status: http.StatusForbidden, code: apperr.Forbidden},
			{name: "list", method: "GET", path: "/api/v1/segments", role: viewer, status: http.StatusOK,
				check: func(t *testing.T, b map[string]any) {
					segs := list(t, b, "segments")
					if len(segs) != 2 || segs[0]["name"] != "Active mentors" {
						t.Errorf("segments = %v", segs)
					}
				}},
		})
		p := fmt.Sprintf("/api/v1/segments/%d", firstID)
		run(t, env, []apiCase{
			{name: "get", method: "GET", path: p, role: viewer, status: http.StatusOK, want: []string{`"name":"Active mentors"`}},
			{name: "delete", method: "DELETE", path: p, role: manager, status: http.StatusNoContent},
			{name: "gone", method: "GET", path: p, role: viewer, status: http.StatusNotFound, code: apperr.NotFound},
			{name: "delete missing", method: "DELETE", path: p, role: manager, status: http.StatusNotFound, code: apperr.NotFound},
		})
	})
}
