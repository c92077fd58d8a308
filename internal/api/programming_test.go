package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestProgrammingAPI(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		var progID, sessID int64
		webtest.Run(t, env, []webtest.Case{
			{Name: "viewer cannot create", Req: webtest.Request{Method: "POST", Path: "/api/v1/programmes", Role: viewer,
				JSON: map[string]any{"kind": "workshop", "title": "x"}}, Want: webtest.Want{Status: http.StatusForbidden}},
			{Name: "missing goal", Req: webtest.Request{Method: "POST", Path: "/api/v1/programmes", Role: manager,
				JSON: map[string]any{"kind": "workshop", "title": "x", "goals": []any{map[string]any{"goal_id": 77}}}},
				Want: webtest.Want{Status: 422, Code: apperr.Invalid, Field: "goals[0].goal_id"}},
			{Name: "create", Req: webtest.Request{Method: "POST", Path: "/api/v1/programmes", Role: manager,
				JSON: map[string]any{"kind": "community_call", "title": "Community call", "modes": []string{"convey", "contribute"},
					"timings": []string{"synchronous"}, "modalities": []string{"spoken"}}},
				Want: webtest.Want{Status: http.StatusCreated, CheckJSON: func(t *testing.T, b map[string]any) { progID = id(b["id"]) }}},
		})
		prog := fmt.Sprintf("/api/v1/programmes/%d", progID)
		webtest.Run(t, env, []webtest.Case{
			{Name: "patch", Req: webtest.Request{Method: "PATCH", Path: prog, Role: manager, Header: http.Header{"If-Match": {`"1"`}},
				JSON: map[string]any{"status": "open"}}, Want: webtest.Want{Status: 200, Body: []string{`"status":"open"`, `"version":2`}}},
			{Name: "stale patch", Req: webtest.Request{Method: "PATCH", Path: prog, Role: manager, Header: http.Header{"If-Match": {`"1"`}},
				JSON: map[string]any{"title": "x"}}, Want: webtest.Want{Status: http.StatusConflict, Body: []string{"status"}}},
			{Name: "read-only", Req: webtest.Request{Method: "PATCH", Path: prog, Role: manager, JSON: map[string]any{"version": 9}},
				Want: webtest.Want{Status: 422, Field: "version"}},
			{Name: "end before start", Req: webtest.Request{Method: "POST", Path: prog + "/sessions", Role: manager,
				JSON: map[string]any{"start": "2026-04-07T16:00", "end": "2026-04-07T15:00", "time_zone": "Europe/Berlin"}},
				Want: webtest.Want{Status: 422, Field: "end"}},
			{Name: "invalid rrule", Req: webtest.Request{Method: "POST", Path: prog + "/sessions", Role: manager,
				JSON: map[string]any{"start": "2026-04-07T16:00", "end": "2026-04-07T17:00", "time_zone": "Europe/Berlin", "rrule": "FREQ=SOMETIMES"}},
				Want: webtest.Want{Status: 422, Field: "rrule"}},
			{Name: "unknown zone", Req: webtest.Request{Method: "POST", Path: prog + "/sessions", Role: manager,
				JSON: map[string]any{"start": "2026-04-07T16:00", "end": "2026-04-07T17:00", "time_zone": "Mars/Olympus"}},
				Want: webtest.Want{Status: 422, Field: "time_zone"}},
			{Name: "series", Req: webtest.Request{Method: "POST", Path: prog + "/sessions", Role: manager,
				JSON: map[string]any{"start": "2026-02-03T16:00", "end": "2026-02-03T17:00", "time_zone": "Berlin", "rrule": "FREQ=MONTHLY;BYDAY=1TU"}},
				Want: webtest.Want{Status: http.StatusCreated, CheckJSON: func(t *testing.T, b map[string]any) { sessID = id(b["id"]) }}},
			{Name: "unknown programme", Req: webtest.Request{Method: "GET", Path: "/api/v1/programmes/999999/sessions", Role: viewer},
				Want: webtest.Want{Status: 404}},
		})
		sess := fmt.Sprintf("/api/v1/sessions/%d", sessID)
		webtest.Run(t, env, []webtest.Case{
			{Name: "skip", Req: webtest.Request{Method: "POST", Path: sess + "/occurrences", Role: manager,
				JSON: map[string]any{"original_start": "2026-03-03T16:00", "action": "skip"}}, Want: webtest.Want{Status: 200, Body: []string{`"sequence":1`}}},
			{Name: "move", Req: webtest.Request{Method: "POST", Path: sess + "/occurrences", Role: manager,
				JSON: map[string]any{"original_start": "2026-04-07T16:00", "action": "move", "start": "2026-04-09T16:00", "end": "2026-04-09T17:00"}},
				Want: webtest.Want{Status: 200}},
			{Name: "not an occurrence", Req: webtest.Request{Method: "POST", Path: sess + "/occurrences", Role: manager,
				JSON: map[string]any{"original_start": "2026-04-08T16:00", "action": "skip"}}, Want: webtest.Want{Status: 422, Field: "original_start"}},
			{Name: "occurrences", Req: webtest.Request{Method: "GET", Path: "/api/v1/sessions?from=2026-02-01&to=2026-04-30", Role: viewer},
				Want: webtest.Want{Status: 200, InOrder: []string{`"2026-02-03T16:00:00+01:00"`, `"2026-04-09T16:00:00+02:00"`}, Absent: []string{"2026-03-03"}}},
			{Name: "period too long", Req: webtest.Request{Method: "GET", Path: "/api/v1/sessions?from=2026-01-01&to=2028-01-01", Role: viewer},
				Want: webtest.Want{Status: 422, Field: "to"}},
			{Name: "bad from", Req: webtest.Request{Method: "GET", Path: "/api/v1/sessions?from=soon", Role: viewer},
				Want: webtest.Want{Status: 422, Field: "from"}},
			{Name: "patch session", Req: webtest.Request{Method: "PATCH", Path: sess, Role: manager, JSON: map[string]any{"location": "Online"}},
				Want: webtest.Want{Status: 200, Body: []string{`"location":"Online"`}}},
		})

		doc := openAPIDoc(t, env)
		for _, tt := range []struct{ path, schema string }{
			{"/api/v1/programmes", "ProgrammePage"},
			{prog, "Programme"},
			{prog + "/sessions", "SessionList"},
			{sess, "Session"},
			{"/api/v1/sessions?from=2026-02-01&to=2026-06-30", "OccurrenceList"},
		} {
			rec := env.Do(t, webtest.Request{Method: "GET", Path: tt.path, Role: viewer})
			if rec.Code != 200 {
				t.Fatalf("%s: %d %s", tt.path, rec.Code, rec.Body.String())
			}
			var body any
			webtest.DecodeJSON(t, rec, &body)
			conform(t, doc, tt.schema, map[string]any{"$ref": "#/components/schemas/" + tt.schema}, body)
		}
		webtest.Run(t, env, []webtest.Case{
			{Name: "delete session", Req: webtest.Request{Method: "DELETE", Path: sess, Role: manager}, Want: webtest.Want{Status: 204}},
			{Name: "delete programme", Req: webtest.Request{Method: "DELETE", Path: prog, Role: manager}, Want: webtest.Want{Status: 204}},
			{Name: "gone", Req: webtest.Request{Method: "GET", Path: prog, Role: viewer}, Want: webtest.Want{Status: 404}},
		})
	})
}
