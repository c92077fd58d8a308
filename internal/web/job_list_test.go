package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/jobs"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// TestJobsPage: owners see recent background jobs with their status,
// attempts and errors, and can retry a failed one; nobody else sees them.
func TestJobsPage(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		q := env.App.Jobs
		q.Register("newsletter.send", func(context.Context, json.RawMessage) error {
			return errors.New("SMTP server refused the login")
		})
		failed, _, err := q.Enqueue(env.Ctx, "newsletter.send", map[string]int{"issue": 12}, jobs.EnqueueOptions{MaxAttempts: 1})
		if err != nil {
			t.Fatal(err)
		}
		if ran, err := q.RunNext(env.Ctx); !ran || err != nil {
			t.Fatalf("the job did not run: %v", err)
		}
		queued, _, err := q.Enqueue(env.Ctx, "newsletter.send", nil, jobs.EnqueueOptions{RunAt: webtest.Now.Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}

		tests := []struct {
			name     string
			req      webtest.Request
			status   int
			contains []string
			absent   []string
		}{
			{"owner sees jobs", webtest.Request{Method: "GET", Path: "/jobs", Role: accounts.RoleOwner}, 200,
				[]string{"newsletter.send", "SMTP server refused the login", "1 of 1", `action="/jobs/` + webtest.ID(failed) + `/retry"`,
					"0 of 5", `href="/jobs" aria-current="page"`},
				[]string{`action="/jobs/` + webtest.ID(queued) + `/retry"`}},
			{"filter by status", webtest.Request{Method: "GET", Path: "/jobs?status=queued", Role: accounts.RoleOwner}, 200,
				[]string{"0 of 5"}, []string{"SMTP server refused"}},
			{"unknown status", webtest.Request{Method: "GET", Path: "/jobs?status=lost", Role: accounts.RoleOwner}, 422,
				[]string{"status: &#34;lost&#34; is not a job status"}, nil},
			{"bad cursor", webtest.Request{Method: "GET", Path: "/jobs?before=x", Role: accounts.RoleOwner}, 422,
				[]string{"before: must be a job id"}, nil},
			{"manager may not", webtest.Request{Method: "GET", Path: "/jobs", Role: accounts.RoleManager}, 403, nil, []string{"newsletter.send"}},
			{"viewer may not", webtest.Request{Method: "GET", Path: "/jobs", Role: accounts.RoleViewer}, 403, nil, []string{"newsletter.send"}},
			{"no jobs link for managers", webtest.Request{Method: "GET", Path: "/", Role: accounts.RoleManager}, 200, nil, []string{`href="/jobs"`}},
			{"jobs link for owners", webtest.Request{Method: "GET", Path: "/", Role: accounts.RoleOwner}, 200, []string{`href="/jobs"`}, nil},
			{"manager may not retry", webtest.Request{Method: "POST", Path: "/jobs/" + webtest.ID(failed) + "/retry", Role: accounts.RoleManager, Form: url.Values{}}, 403, nil, nil},
			{"retry a queued job", webtest.Request{Method: "POST", Path: "/jobs/" + webtest.ID(queued) + "/retry", Role: accounts.RoleOwner, Form: url.Values{}}, 409,
				[]string{"only a failed job can be retried"}, nil},
			{"retry no job", webtest.Request{Method: "POST", Path: "/jobs/999999/retry", Role: accounts.RoleOwner, Form: url.Values{}}, 404, nil, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rec := env.Do(t, tt.req)
				if rec.Code != tt.status {
					t.Fatalf("status %d, want %d: %.300s", rec.Code, tt.status, rec.Body.String())
				}
				body := rec.Body.String()
				for _, s := range tt.contains {
					if !strings.Contains(body, s) {
						t.Errorf("page does not contain %q", s)
					}
				}
				for _, s := range tt.absent {
					if strings.Contains(body, s) {
						t.Errorf("page contains %q", s)
					}
				}
			})
		}

		rec := env.Do(t, webtest.Request{Method: "POST", Path: "/jobs/" + webtest.ID(failed) + "/retry", Role: accounts.RoleOwner, Form: url.Values{}})
		if rec.Code != 303 || !strings.Contains(webtest.Flash(t, rec), "is queued again") {
			t.Fatalf("retry: status %d, flash %q", rec.Code, webtest.Flash(t, rec))
		}
		j, err := q.Get(env.Ctx, failed)
		if err != nil || j.Status != jobs.Queued || j.Attempts != 0 {
			t.Fatalf("after retry: %+v %v", j, err)
		}
	})
}
