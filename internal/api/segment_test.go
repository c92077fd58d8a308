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
			{name: "new filter keys in a filter object", method: "POST", path: "/api/v1/segments", role: manager,
				body: map[string]any{"name": "Wet lab, evenings", "filter": map[string]any{"field": map[string]any{"lab": "wet"},
					"time_zone": []string{"Europe/Berlin"}, "max_hours": 10, "orcid": "0000000218250097"}},
				status: http.StatusCreated,
				want: []string{`"query":"field.lab=wet\u0026max_hours=10\u0026orcid=0000-0002-1825-0097\u0026time_zone=Europe%2FBerlin"`,
					`"field":{"lab":"wet"}`}},
			{name: "the filter's name is not the segment's", method: "POST", path: "/api/v1/segments", role: manager,
				body:   map[string]any{"name": "Long names", "filter": map[string]any{"name": strings.Repeat("x", 201)}},
				status: http.StatusUnprocessableEntity, field: "filter.name"},
			{name: "a bad custom field in a filter object", method: "POST", path: "/api/v1/segments", role: manager,
				body:   map[string]any{"name": "No name", "filter": map[string]any{"field": map[string]any{" ": "x"}}},
				status: http.StatusUnprocessableEntity, field: "filter.field"},
			{name: "unknown filter key", method: "POST", path: "/api/v1/segments", role: manager,
				body: map[string]any{"name": "Odd", "filter": map[string]any{"shoe_size": 42}}, status: http.StatusUnprocessableEntity, field: "shoe_size"},
			{name: "query and filter together", method: "POST", path: "/api/v1/segments", role: manager,
				body: map[string]any{"name": "Both", "query": "", "filter": map[string]any{}}, status: http.StatusUnprocessableEntity, field: "query"},
			{name: "viewer may not save", method: "POST", path: "/api/v1/segments", role: viewer,
				body: map[string]any{"name": "Mine", "query": ""}, status: http.StatusForbidden, code: apperr.Forbidden},
			{name: "list", method: "GET", path: "/api/v1/segments", role: viewer, status: http.StatusOK,
				check: func(t *testing.T, b map[string]any) {
					segs := list(t, b, "segments")
					if len(segs) != 3 || segs[0]["name"] != "Active mentors" {
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
