package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store/storetest"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// webtest.Now is 2026-03-10 10:00 UTC: "today" below is 2026-03-10.

func TestContentAPI(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace"})
		var itemID, pillarID, templateID int64
		cases := []webtest.Case{
			{
				Name: "create",
				Req: webtest.Request{Method: "POST", Path: "/api/v1/content", Role: manager, JSON: map[string]any{
					"kind": "blog_post", "title": "Welcome post", "status": "drafting", "planned_on": "2026-03-20",
					"author_member_ids": []int64{ada.ID}, "channels": []map[string]any{{"kind": "website"}, {"kind": "custom", "label": "Slack"}},
					"mode": "convey", "modality": "written", "timing": "asynchronous"}},
				Want: webtest.Want{Status: http.StatusCreated, CheckJSON: func(t *testing.T, b map[string]any) {
					itemID = id(b["id"])
					if as := list(t, b, "authors"); len(as) != 1 || as[0]["name"] != "Ada Lovelace" {
						t.Errorf("authors = %v", as)
					}
				}},
			},
			{
				Name: "create refused, naming the field",
				Req: webtest.Request{Method: "POST", Path: "/api/v1/content", Role: manager, JSON: map[string]any{
					"kind": "blog_post", "title": "x", "status": "published"}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Code: apperr.Invalid, Field: "published_on"},
			},
			{
				Name: "viewer may not create",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/content", Role: viewer, JSON: map[string]any{"kind": "blog_post", "title": "x"}},
				Want: webtest.Want{Status: http.StatusForbidden},
			},
			{
				Name: "pillar",
				Req: webtest.Request{Method: "POST", Path: "/api/v1/content", Role: manager, JSON: map[string]any{
					"kind": "playbook", "title": "Community playbook"}},
				Want: webtest.Want{Status: http.StatusCreated, CheckJSON: func(t *testing.T, b map[string]any) { pillarID = id(b["id"]) }},
			},
			{
				Name: "template with a bad entry",
				Req: webtest.Request{Method: "POST", Path: "/api/v1/content-templates", Role: manager, JSON: map[string]any{
					"name": "Mine", "entries": []map[string]any{
						{"kind": "blog_post", "channel": "website", "title_pattern": "On {pillar}", "offset_days": 0},
						{"kind": "video", "channel": "tiktok", "title_pattern": "x", "offset_days": 3}}}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Code: apperr.Invalid, Field: "entries[1].channel"},
			},
			{
				Name: "template",
				Req: webtest.Request{Method: "POST", Path: "/api/v1/content-templates", Role: manager, JSON: map[string]any{
					"name": "Mine", "entries": []map[string]any{
						{"kind": "blog_post", "channel": "website", "title_pattern": "On {pillar}", "offset_days": 0},
						{"kind": "newsletter_issue", "channel": "newsletter", "title_pattern": "News: {pillar}", "offset_days": 14}}}},
				Want: webtest.Want{Status: http.StatusCreated, CheckJSON: func(t *testing.T, b map[string]any) { templateID = id(b["id"]) }},
			},
		}
		webtest.Run(t, env, cases)
		webtest.Run(t, env, []webtest.Case{
			{
				Name: "apply the template",
				Req: webtest.Request{Method: "POST", Path: fmt.Sprintf("/api/v1/content/%d/campaign", pillarID), Role: manager,
					JSON: map[string]any{"template_id": templateID, "launch_on": "2026-03-01"}},
				Want: webtest.Want{Status: http.StatusCreated, CheckJSON: func(t *testing.T, b map[string]any) {
					if n := len(list(t, b, "items")); n != 2 {
						t.Errorf("%d items, want 2", n)
					}
					if n := len(list(t, b, "overdue")); n != 1 {
						t.Errorf("%d overdue, want 1", n)
					}
				}},
			},
			{
				Name: "apply with a bad date",
				Req: webtest.Request{Method: "POST", Path: fmt.Sprintf("/api/v1/content/%d/campaign", pillarID), Role: manager,
					JSON: map[string]any{"template_id": templateID, "launch_on": "soon"}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "launch_on"},
			},
			{
				Name: "list the campaign",
				Req:  webtest.Request{Method: "GET", Path: fmt.Sprintf("/api/v1/content?pillar_id=%d", pillarID), Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: func(t *testing.T, b map[string]any) {
					if n := len(list(t, b, "items")); n != 3 {
						t.Errorf("%d items, want the pillar and 2", n)
					}
				}},
			},
			{
				Name: "bad filter",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/content?status=lost", Role: viewer},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "status"},
			},
			{
				Name: "patch",
				Req: webtest.Request{Method: "PATCH", Path: fmt.Sprintf("/api/v1/content/%d", itemID), Role: manager,
					Header: http.Header{"If-Match": {`"1"`}}, JSON: map[string]any{"status": "scheduled", "review_by": "2027-01-01"}},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`"status":"scheduled"`, `"review_by":"2027-01-01"`, `"version":2`}},
			},
			{
				Name: "stale patch",
				Req: webtest.Request{Method: "PATCH", Path: fmt.Sprintf("/api/v1/content/%d", itemID), Role: manager,
					Header: http.Header{"If-Match": {`"1"`}}, JSON: map[string]any{"title": "Other"}},
				Want: webtest.Want{Status: http.StatusConflict, Body: []string{"review_by"}},
			},
			{
				Name: "read-only field",
				Req:  webtest.Request{Method: "PATCH", Path: fmt.Sprintf("/api/v1/content/%d", itemID), Role: manager, JSON: map[string]any{"authors": []any{}}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "authors"},
			},
			{
				Name: "metric",
				Req: webtest.Request{Method: "POST", Path: fmt.Sprintf("/api/v1/content/%d/metrics", itemID), Role: manager,
					JSON: map[string]any{"name": "views", "value": 120, "read_on": "2026-03-09"}},
				Want: webtest.Want{Status: http.StatusCreated},
			},
			{
				Name: "bad metric",
				Req: webtest.Request{Method: "POST", Path: fmt.Sprintf("/api/v1/content/%d/metrics", itemID), Role: manager,
					JSON: map[string]any{"name": "views", "value": -1}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "value"},
			},
			{
				Name: "metrics",
				Req:  webtest.Request{Method: "GET", Path: fmt.Sprintf("/api/v1/content/%d/metrics", itemID), Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`"value":120`}},
			},
			{
				Name: "delete",
				Req:  webtest.Request{Method: "DELETE", Path: fmt.Sprintf("/api/v1/content/%d", itemID), Role: manager},
				Want: webtest.Want{Status: http.StatusNoContent},
			},
			{
				Name: "gone",
				Req:  webtest.Request{Method: "GET", Path: fmt.Sprintf("/api/v1/content/%d", itemID), Role: viewer},
				Want: webtest.Want{Status: http.StatusNotFound},
			},
		})
	})
}

// TestContentSchemasMatchResponses checks the content responses against
// the document's schemas.
func TestContentSchemasMatchResponses(t *testing.T) {
	t.Parallel()
	env := webtest.New(t, storetest.Dialects()[0])
	doc := openAPIDoc(t, env)
	ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace"})
	create := env.Do(t, webtest.Request{Method: "POST", Path: "/api/v1/content", Role: manager, JSON: map[string]any{
		"kind": "report", "title": "State of the community", "status": "published", "published_on": "2026-03-01",
		"author_member_ids": []int64{ada.ID}, "author_user_ids": []int64{env.Users[manager].ID},
		"channels": []map[string]any{{"kind": "custom", "label": "Slack"}}, "audience": map[string]any{"career_stages": []string{"student"}}}})
	if create.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", create.Code, create.Body.String())
	}
	var item map[string]any
	webtest.DecodeJSON(t, create, &item)
	pid := id(item["id"])
	for _, r := range []webtest.Request{
		{Method: "POST", Path: fmt.Sprintf("/api/v1/content/%d/metrics", pid), JSON: map[string]any{"name": "downloads", "value": 12.5}},
		{Method: "POST", Path: fmt.Sprintf("/api/v1/content/%d/campaign", pid), JSON: map[string]any{"template_id": 1, "launch_on": "2026-03-01"}},
	} {
		r.Role = manager
		if rec := env.Do(t, r); rec.Code != http.StatusCreated {
			t.Fatalf("%s: %d %s", r.Path, rec.Code, rec.Body.String())
		}
	}
	for _, tt := range []struct{ path, schema string }{
		{"/api/v1/content", "ContentPage"},
		{fmt.Sprintf("/api/v1/content/%d", pid), "ContentItem"},
		{fmt.Sprintf("/api/v1/content/%d/metrics", pid), "ContentMetricList"},
		{fmt.Sprintf("/api/v1/content/%d/campaign", pid), "ContentCampaign"},
		{"/api/v1/content-templates", "ContentTemplateList"},
	} {
		t.Run(tt.path, func(t *testing.T) {
			rec := env.Do(t, webtest.Request{Method: "GET", Path: tt.path, Role: viewer})
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
			}
			var body any
			webtest.DecodeJSON(t, rec, &body)
			conform(t, doc, tt.schema, map[string]any{"$ref": "#/components/schemas/" + tt.schema}, body)
		})
	}
}
