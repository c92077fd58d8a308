package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/store/storetest"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// auditFixture fills the webtest's quarter (2026 Q1) with a goal a weekly
// call serves, a post that serves none and is past review, and a goal
// nothing serves.
func auditFixture(t *testing.T, env *webtest.Env) {
	t.Helper()
	g, err := env.App.Goals.Create(env.Ctx, goals.Goal{Title: "Welcome newcomers"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Goals.Create(env.Ctx, goals.Goal{Title: "Build a curriculum"}); err != nil {
		t.Fatal(err)
	}
	p, err := env.App.Programming.CreateProgramme(env.Ctx, programming.ProgrammeInput{Kind: programming.CommunityCall,
		Title: "Welcome call", Modes: []participation.Mode{participation.Convey}, MinutesPerSession: 60,
		Goals: []goals.Link{{GoalID: g.ID, How: "newcomers meet"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Programming.CreateSession(env.Ctx, p.ID, programming.SessionInput{Start: "2026-02-03T16:00",
		End: "2026-02-03T17:00", TimeZone: "Europe/Berlin", RRule: "FREQ=WEEKLY;COUNT=3"}); err != nil {
		t.Fatal(err)
	}
	it, err := env.App.Content.Create(env.Ctx, content.Input{Kind: content.Kind("blog_post"), Title: "Hello post",
		Status: content.Published, PublishedOn: "2026-02-01", ReviewBy: "2026-03-01"})
	if err != nil {
		t.Fatal(err)
	}
	v := 120.0
	if _, err := env.App.Content.AddMetric(env.Ctx, it.ID, content.MetricInput{Name: content.Views, Value: &v}); err != nil {
		t.Fatal(err)
	}
}

// TestContentAuditAPI checks the audit and saved audits against the
// OpenAPI document and the names scripts rely on.
func TestContentAuditAPI(t *testing.T) {
	t.Parallel()
	env := webtest.New(t, storetest.Dialects()[0])
	doc := openAPIDoc(t, env)
	auditFixture(t, env)
	var savedID float64
	webtest.Run(t, env, []webtest.Case{
		{Name: "this quarter", Req: webtest.Request{Method: "GET", Path: "/api/v1/content-audit", Role: viewer},
			Want: webtest.Want{Status: 200, CheckJSON: func(t *testing.T, body map[string]any) {
				conform(t, doc, "ContentAudit", map[string]any{"$ref": "#/components/schemas/ContentAudit"}, body)
				if body["period"] != "Q1 2026" || len(list(t, body, "items")) != 2 {
					t.Errorf("period %v, items %v", body["period"], body["items"])
				}
				rules := map[string]map[string]any{}
				for _, g := range list(t, body, "gaps") {
					rules[g["rule"].(string)] = g
				}
				for _, r := range []string{"goal_served_by_nothing", "item_without_goal", "review_overdue", "mode_without_programming"} {
					g, ok := rules[r]
					if !ok {
						t.Errorf("no %s gap in %v", r, body["gaps"])
						continue
					}
					// A mode nothing offers links to the content inviting it, here none.
					if g["message"] == "" || g["figures"] == nil || (len(g["links"].([]any)) == 0) != (r == "mode_without_programming") {
						t.Errorf("%s gap: message, figures or links amiss: %v", r, g)
					}
				}
			}}},
		{Name: "bad from", Req: webtest.Request{Method: "GET", Path: "/api/v1/content-audit?from=2026-02-30&to=2026-03-31", Role: viewer},
			Want: webtest.Want{Status: 422, Field: "from"}},
		{Name: "to before from", Req: webtest.Request{Method: "GET", Path: "/api/v1/content-audit?from=2026-03-01&to=2026-01-31", Role: viewer},
			Want: webtest.Want{Status: 422, Field: "to"}},
		{Name: "to alone", Req: webtest.Request{Method: "GET", Path: "/api/v1/content-audit?to=2026-01-31", Role: viewer},
			Want: webtest.Want{Status: 422, Field: "from"}},
		{Name: "viewer cannot save", Req: webtest.Request{Method: "POST", Path: "/api/v1/content-audits", Role: viewer, JSON: map[string]any{}},
			Want: webtest.Want{Status: http.StatusForbidden}},
		{Name: "save with bad notes", Req: webtest.Request{Method: "POST", Path: "/api/v1/content-audits", Role: manager,
			JSON: map[string]any{"from": "2026-01-01", "to": "2026-03-31", "notes": "bad\x00"}},
			Want: webtest.Want{Status: 422}},
		{Name: "save", Req: webtest.Request{Method: "POST", Path: "/api/v1/content-audits", Role: manager,
			JSON: map[string]any{"from": "2026-01-01", "to": "2026-03-31", "notes": "First look."}},
			Want: webtest.Want{Status: 201, CheckJSON: func(t *testing.T, body map[string]any) {
				conform(t, doc, "ContentAuditSaved", map[string]any{"$ref": "#/components/schemas/ContentAuditSaved"}, body)
				savedID, _ = body["id"].(float64)
				if body["notes"] != "First look." || len(list(t, body, "findings")) == 0 {
					t.Errorf("saved %v", body)
				}
			}}},
		{Name: "list", Req: webtest.Request{Method: "GET", Path: "/api/v1/content-audits", Role: viewer},
			Want: webtest.Want{Status: 200, CheckJSON: func(t *testing.T, body map[string]any) {
				conform(t, doc, "ContentAuditList", map[string]any{"$ref": "#/components/schemas/ContentAuditList"}, body)
				if n := len(list(t, body, "content_audits")); n != 1 {
					t.Errorf("%d saved audits", n)
				}
			}}},
	})
	webtest.Run(t, env, []webtest.Case{
		{Name: "one", Req: webtest.Request{Method: "GET", Path: fmt.Sprintf("/api/v1/content-audits/%d", int64(savedID)), Role: viewer},
			Want: webtest.Want{Status: 200, CheckJSON: func(t *testing.T, body map[string]any) {
				conform(t, doc, "ContentAuditSaved", map[string]any{"$ref": "#/components/schemas/ContentAuditSaved"}, body)
			}}},
		{Name: "unknown", Req: webtest.Request{Method: "GET", Path: "/api/v1/content-audits/99999", Role: viewer},
			Want: webtest.Want{Status: 404}},
	})
}
