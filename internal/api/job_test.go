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
	eachDialect(t, func(t *testing.T, env *webtest.Env) {
		addJobs(t, env)
		run(t, env, []apiCase{
			{name: "owners see jobs", method: "GET", path: "/api/v1/jobs", role: owner, status: http.StatusOK,
				want: []string{`"status":"failed"`, `"last_error":"segment 4 was deleted"`, `"status":"done"`, `"dedupe_key":"weekly"`},
				check: func(t *testing.T, b map[string]any) {
					if list, _ := b["jobs"].([]any); len(list) != 3 {
						t.Errorf("%d jobs, want 3", len(list))
					}
				}},
			{name: "by status", method: "GET", path: "/api/v1/jobs?status=failed", role: owner, status: http.StatusOK,
				check: func(t *testing.T, b map[string]any) {
					if list, _ := b["jobs"].([]any); len(list) != 1 {
						t.Errorf("%d failed jobs, want 1", len(list))
					}
				}},
			{name: "paged", method: "GET", path: "/api/v1/jobs?limit=2", role: owner, status: http.StatusOK,
				want: []string{`"next_before_id":2`}},
			{name: "bad status", method: "GET", path: "/api/v1/jobs?status=lost", role: owner, status: http.StatusUnprocessableEntity, field: "status"},
			{name: "bad before_id", method: "GET", path: "/api/v1/jobs?before_id=x", role: owner, status: http.StatusUnprocessableEntity, field: "before_id"},
			{name: "not for managers", method: "GET", path: "/api/v1/jobs", role: manager, status: http.StatusForbidden, code: apperr.Forbidden},
			{name: "not for viewers", method: "GET", path: "/api/v1/jobs", role: viewer, status: http.StatusForbidden, code: apperr.Forbidden},
		})
	})
}

// TestJobListMatchesSchema holds the JobPage description to real jobs in
// every state the page shows.
func TestJobListMatchesSchema(t *testing.T) {
	env := webtest.New(t, dialects()[0])
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
