package api_test

import (
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestImportGet(t *testing.T) {
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		csv := "Name,Email\nAda Lovelace,ada@example.org\n,\nGrace Hopper,not-an-address\n"
		run, err := env.App.Imports.Import(env.Ctx, "csv", "people.csv", strings.NewReader(csv), imports.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if run.Refused == 0 {
			t.Fatalf("the fixture refuses nothing: %+v", run.Counts)
		}
		path := "/api/v1/imports/" + webtest.ID(run.ID)
		webtest.Run(t, env, []webtest.Case{
			{Name: "a run, for a viewer", Req: webtest.Request{Method: "GET", Path: path, Role: viewer},
				Want: webtest.Want{Status: 200, CheckJSON: func(t *testing.T, body map[string]any) {
					counts, _ := body["counts"].(map[string]any)
					refused, _ := body["refused"].(map[string]any)
					if body["kind"] != "csv" || body["status"] != "done" || counts["created"] != float64(run.Created) ||
						counts["activities_created"] != 0.0 || counts["attendance_added"] != 0.0 {
						t.Errorf("run %v", body)
					}
					rows, _ := refused["rows"].([]any)
					if refused["count"] != float64(run.Refused) || len(rows) != int(run.Refused) || refused["more"] != false {
						t.Fatalf("refused %v, want %d rows", refused, run.Refused)
					}
					first, _ := rows[0].(map[string]any)
					if first["file"] != "people.csv" || first["line"] != 4.0 || first["message"] == "" {
						t.Errorf("first refused row %v, want people.csv line 4 with a reason", first)
					}
				}}},
			{Name: "an unknown run", Req: webtest.Request{Method: "GET", Path: "/api/v1/imports/999999", Role: viewer},
				Want: webtest.Want{Status: 404, Code: apperr.NotFound}},
			{Name: "not a run's number", Req: webtest.Request{Method: "GET", Path: "/api/v1/imports/abc", Role: viewer},
				Want: webtest.Want{Status: 404, Code: apperr.NotFound}},
		})
	})
}
