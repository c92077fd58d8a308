package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/store/storetest"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// TestCampaignSessionsAPI: templates take session entries, applying one
// plans the session with the items or nothing, and the campaign lists it,
// as the document says.
func TestCampaignSessionsAPI(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			env := webtest.New(t, d)
			doc := openAPIDoc(t, env)
			call, err := env.App.Programming.CreateProgramme(env.Ctx, programming.ProgrammeInput{Kind: programming.CommunityCall, Title: "Monthly call"})
			if err != nil {
				t.Fatal(err)
			}
			gone, err := env.App.Programming.CreateProgramme(env.Ctx, programming.ProgrammeInput{Kind: programming.Workshop, Title: "Gone"})
			if err != nil {
				t.Fatal(err)
			}
			do := func(r webtest.Request, want int) map[string]any {
				t.Helper()
				rec := env.Do(t, r)
				if rec.Code != want {
					t.Fatalf("%s %s: %d %s", r.Method, r.Path, rec.Code, rec.Body.String())
				}
				var b map[string]any
				if rec.Body.Len() > 0 {
					webtest.DecodeJSON(t, rec, &b)
				}
				return b
			}
			pillar := id(do(webtest.Request{Method: "POST", Path: "/api/v1/content", Role: manager, JSON: map[string]any{
				"kind": "playbook", "title": "The Playbook"}}, http.StatusCreated)["id"])
			entries := func(session map[string]any) map[string]any {
				session["kind"], session["title_pattern"], session["offset_days"] = "session", "Call about {pillar}", 7
				return map[string]any{"name": fmt.Sprint("T", session["time_zone"], session["programme_id"], session["start_time"]), "entries": []map[string]any{
					{"kind": "blog_post", "channel": "website", "title_pattern": "On {pillar}", "offset_days": 0}, session}}
			}
			bad := env.Do(t, webtest.Request{Method: "POST", Path: "/api/v1/content-templates", Role: manager,
				JSON: entries(map[string]any{"programme_kind": "community_call", "start_time": "7pm"})})
			webtest.Check(t, bad, webtest.Want{Status: http.StatusUnprocessableEntity, Field: "entries[1].start_time"})

			tpl := do(webtest.Request{Method: "POST", Path: "/api/v1/content-templates", Role: manager,
				JSON: entries(map[string]any{"programme_kind": "community_call", "start_time": "18:00", "time_zone": "Lisbon", "duration_minutes": 45})}, http.StatusCreated)
			if e := list(t, tpl, "entries")[1]; e["kind"] != "session" || e["time_zone"] != "Europe/Lisbon" || e["channel"] != nil {
				t.Errorf("stored entry %v", e)
			}
			goneTpl := do(webtest.Request{Method: "POST", Path: "/api/v1/content-templates", Role: manager,
				JSON: entries(map[string]any{"programme_id": gone.ID})}, http.StatusCreated)
			if err := env.App.Programming.DeleteProgramme(env.Ctx, gone.ID, 0); err != nil {
				t.Fatal(err)
			}
			campaign := fmt.Sprintf("/api/v1/content/%d/campaign", pillar)
			refused := env.Do(t, webtest.Request{Method: "POST", Path: campaign, Role: manager,
				JSON: map[string]any{"template_id": id(goneTpl["id"]), "launch_on": "2026-04-01"}})
			webtest.Check(t, refused, webtest.Want{Status: http.StatusUnprocessableEntity, Field: "entries[1].programme_id"})
			if c := do(webtest.Request{Method: "GET", Path: campaign, Role: viewer}, http.StatusOK); len(list(t, c, "items")) != 0 || len(list(t, c, "sessions")) != 0 {
				t.Fatalf("a refused template planned something: %v", c)
			}

			applied := do(webtest.Request{Method: "POST", Path: campaign, Role: manager,
				JSON: map[string]any{"template_id": id(tpl["id"]), "launch_on": "2026-04-01"}}, http.StatusCreated)
			sessions := list(t, applied, "sessions")
			if len(sessions) != 1 || sessions[0]["start"] != "2026-04-08T18:00:00+01:00" || sessions[0]["programme_title"] != "Monthly call" {
				t.Fatalf("sessions %v", sessions)
			}
			c := do(webtest.Request{Method: "GET", Path: campaign, Role: viewer}, http.StatusOK)
			conform(t, doc, "ContentCampaign", map[string]any{"$ref": "#/components/schemas/ContentCampaign"}, c)
			s := do(webtest.Request{Method: "GET", Path: fmt.Sprintf("/api/v1/sessions/%d", id(sessions[0]["id"])), Role: viewer}, http.StatusOK)
			conform(t, doc, "Session", map[string]any{"$ref": "#/components/schemas/Session"}, s)
			if id(s["pillar_id"]) != pillar || s["pillar_title"] != "The Playbook" || id(s["programme_id"]) != call.ID {
				t.Errorf("session %v", s)
			}
			// A PATCH takes the session out of the campaign.
			rec := env.Do(t, webtest.Request{Method: "PATCH", Path: fmt.Sprintf("/api/v1/sessions/%d", id(s["id"])), Role: manager,
				Header: http.Header{"If-Match": {fmt.Sprintf("%q", fmt.Sprint(id(s["version"])))}}, JSON: map[string]any{"pillar_id": nil}})
			if rec.Code != http.StatusOK {
				t.Fatalf("patch: %d %s", rec.Code, rec.Body.String())
			}
			if c := do(webtest.Request{Method: "GET", Path: campaign, Role: viewer}, http.StatusOK); len(list(t, c, "sessions")) != 0 {
				t.Errorf("still in the campaign: %v", c["sessions"])
			}
		})
	}
}
