package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/jobs"
	"github.com/trellis-community/trellis/internal/store/storetest"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// addJobs leaves one job of each interesting shape: done, failed with an
// error, queued for later with a dedupe key.
func addJobs(t *testing.T, env *webtest.Env) {
	t.Helper()
	q := env.App.Jobs
	q.Register("report.build", func(_ context.Context, p json.RawMessage) error {
		var in struct{ Fail bool }
		_ = json.Unmarshal(p, &in)
		if in.Fail {
			return errors.New("segment 4 was deleted")
		}
		return nil
	})
	for _, fail := range []bool{false, true} {
		if _, _, err := q.Enqueue(env.Ctx, "report.build", map[string]bool{"Fail": fail}, jobs.EnqueueOptions{MaxAttempts: 1}); err != nil {
			t.Fatal(err)
		}
		if ran, err := q.RunNext(env.Ctx); !ran || err != nil {
			t.Fatalf("job did not run: %v", err)
		}
	}
	if _, _, err := q.Enqueue(env.Ctx, "report.build", nil, jobs.EnqueueOptions{RunAt: webtest.Now.Add(time.Hour), DedupeKey: "weekly"}); err != nil {
		t.Fatal(err)
	}
}

func TestJobList(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		addJobs(t, env)
		webtest.Run(t, env, []webtest.Case{
			{
				Name: "owners see jobs",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/jobs", Role: owner},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`"status":"failed"`, `"last_error":"segment 4 was deleted"`, `"status":"done"`, `"dedupe_key":"weekly"`}, CheckJSON: func(t *testing.T, b map[string]any) {
					if list, _ := b["jobs"].([]any); len(list) != 3 {
						t.Errorf("%d jobs, want 3", len(list))
					}
				}},
			},
			{
				Name: "by status",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/jobs?status=failed", Role: owner},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: func(t *testing.T, b map[string]any) {
					if list, _ := b["jobs"].([]any); len(list) != 1 {
						t.Errorf("%d failed jobs, want 1", len(list))
					}
				}},
			},
			{
				Name: "paged",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/jobs?limit=2", Role: owner},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`"next_before_id":2`}},
			},
			{Name: "bad status", Req: webtest.Request{Method: "GET", Path: "/api/v1/jobs?status=lost", Role: owner}, Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "status"}},
			{Name: "bad before_id", Req: webtest.Request{Method: "GET", Path: "/api/v1/jobs?before_id=x", Role: owner}, Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "before_id"}},
			{Name: "not for managers", Req: webtest.Request{Method: "GET", Path: "/api/v1/jobs", Role: manager}, Want: webtest.Want{Status: http.StatusForbidden, Code: apperr.Forbidden}},
			{Name: "not for viewers", Req: webtest.Request{Method: "GET", Path: "/api/v1/jobs", Role: viewer}, Want: webtest.Want{Status: http.StatusForbidden, Code: apperr.Forbidden}},
		})
	})
}

// TestJobListMatchesSchema holds the JobPage description to real jobs in
// every state the page shows.
func TestJobListMatchesSchema(t *testing.T) {
	t.Parallel()
	env := webtest.New(t, storetest.Dialects()[0])
	addJobs(t, env)
	doc := openAPIDoc(t, env)
	rec := env.Do(t, webtest.Request{Method: "GET", Path: "/api/v1/jobs", Role: owner})
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	var body any
	webtest.DecodeJSON(t, rec, &body)
	conform(t, doc, "JobPage", map[string]any{"$ref": "#/components/schemas/JobPage"}, body)
}
