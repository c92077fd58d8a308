package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// addHistory logs a small history (UTC, the webtest community's zone; now
// is 10 March 2026) and rolls it up: Ada convey in January, contribute in
// February, collaborate in March; Bea co-creates on February's first
// second and attends on its last.
func addHistory(t *testing.T, env *webtest.Env) {
	t.Helper()
	ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", CareerStage: members.StageSenior, Country: "GB"})
	bea := webtest.AddMember(t, env, members.Member{Name: "Bea Tan", CareerStage: members.StageStudent, Country: "SG", Affiliation: "NUS"})
	for _, a := range []struct {
		id         int64
		kind, when string
	}{
		{ada.ID, "attended_call", "2026-01-05T10:00:00Z"},
		{ada.ID, "answered_question", "2026-02-10T10:00:00Z"},
		{ada.ID, "reviewed_pull_request", "2026-03-02T10:00:00Z"},
		{bea.ID, "hosted_session", "2026-02-01T00:00:00Z"},
		{bea.ID, "attended_call", "2026-02-28T23:59:59Z"},
	} {
		if _, err := env.App.Participation.LogActivity(env.Ctx, a.id, participation.Item{Kind: a.kind, OccurredAt: a.when}); err != nil {
			t.Fatal(err)
		}
	}
	if err := env.App.Participation.RollUp(env.Ctx, []int64{ada.ID, bea.ID}); err != nil {
		t.Fatal(err)
	}
}

func body(want string) func(t *testing.T, rec *httptest.ResponseRecorder) {
	return func(t *testing.T, rec *httptest.ResponseRecorder) {
		t.Helper()
		if got := rec.Body.String(); got != want {
			t.Errorf("body\n%s\nwant\n%s", got, want)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
	}
}

func noInlineStyle(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	if b := rec.Body.String(); strings.Contains(b, "style=") || strings.Contains(b, "<script>") {
		t.Errorf("inline style or script in the page")
	}
}

func TestParticipationOverTimePages(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		addHistory(t, env)
		q := "?from=2026-01&to=2026-03"
		webtest.Run(t, env, []webtest.Case{
			{Name: "the page", Req: webtest.Request{Method: "GET", Path: "/participation" + q, Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Body: []string{`aria-current="page">Participation`, `id="chart-funnel-months"`, `role="img"`,
					`id="chart-flows"`, "Flows between modes, Jan 2026 to Feb 2026", "Moved up: <strong>1</strong>", "In: <strong>1</strong>",
					"counted once, at the deepest mode", "Newcomer retention", "Concentration", "Member-led share",
					`href="/participation/funnel.csv?from=2026-01&amp;to=2026-03&amp;flow_from=2026-01&amp;flow_to=2026-02"`,
					"Who takes part, Mar 2026", "Senior"}, Check: noInlineStyle}},
			{Name: "months that cannot be read", Req: webtest.Request{Method: "GET", Path: "/participation?from=2026-03&to=2026-01&flow_to=March", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 422, Body: []string{`id="e-to"`, "The months could not be read."}}},
			{Name: "after this month", Req: webtest.Request{Method: "GET", Path: "/participation?to=2026-04", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 422, Body: []string{"must not be after this month (2026-03)"}}},
			{Name: "funnel CSV", Req: webtest.Request{Method: "GET", Path: "/participation/funnel.csv" + q, Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Check: body("month,convey,contribute,collaborate,co_create,active\n2026-01,1,0,0,0,1\n2026-02,0,1,0,1,2\n2026-03,0,0,1,0,1\n")}},
			{Name: "flows CSV", Req: webtest.Request{Method: "GET", Path: "/participation/flows.csv?flow_from=2026-01&flow_to=2026-02", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Check: body("from_month,to_month,from,to,move,members\n2026-01,2026-02,Not active,Co-create,in,1\n2026-01,2026-02,Convey,Contribute,up,1\n")}},
			{Name: "health CSV", Req: webtest.Request{Method: "GET", Path: "/participation/health.csv?from=2026-02&to=2026-02", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Check: body("month,active_members,new_members,retained_30,retention_30,retained_90,retention_90,activities,contributions,first_contributions,first_contribution_median_days,top_1_share,next_9_share,rest_90_share,member_led_activities,member_led_share,sessions,member_hosted_sessions,member_hosted_share,half_contributors\n" +
					"2026-02,2,1,1,,1,,3,2,2,18,0.6667,0.0000,0.3333,1,0.3333,0,0,,1\n")}},
			{Name: "groups CSV", Req: webtest.Request{Method: "GET", Path: "/participation/groups.csv?to=2026-02", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Check: body("month,dimension,value,convey,contribute,collaborate,co_create,active_members,activities\n" +
					"2026-02,career_stage,Senior,0,1,0,0,1,1\n2026-02,career_stage,Student,0,0,0,1,1,2\n" +
					"2026-02,country,GB,0,1,0,0,1,1\n2026-02,country,SG,0,0,0,1,1,2\n" +
					"2026-02,affiliation,Not recorded,0,1,0,0,1,1\n2026-02,affiliation,NUS,0,0,0,1,1,2\n")}},
			{Name: "the dashboard panel", Req: webtest.Request{Method: "GET", Path: "/", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, InOrder: []string{`id="participation-h"`, `id="chart-dashboard-funnel"`, "Mar 2026 so far", "Feb 2026", "Collaborate</th><td class=\"num\">1</td><td class=\"num\">0</td>"}}},
			{Name: "logged out", Req: webtest.Request{Method: "GET", Path: "/participation"}, Want: webtest.Want{Status: 303}},
		})
	})
}

func TestLifecyclePages(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		webtest.Run(t, env, []webtest.Case{
			{Name: "nothing recorded", Req: webtest.Request{Method: "GET", Path: "/participation/lifecycle", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Body: []string{"No stage recorded yet.", "Growth: active members", "Member-hosted sessions", "Coalescing", "Mitosis"},
					Absent: []string{"Record a stage"}, Check: noInlineStyle}},
			{Name: "viewer cannot record", Req: webtest.Request{Method: "POST", Path: "/participation/lifecycle", Role: accounts.RoleViewer,
				Form: url.Values{"stage": {"practice/coalescing"}, "since": {"2026-03-01"}}}, Want: webtest.Want{Status: 403}},
			{Name: "refused", Req: webtest.Request{Method: "POST", Path: "/participation/lifecycle", Role: accounts.RoleManager,
				Form: url.Values{"stage": {"practice/mitosis"}, "since": {"2026-04-01"}}},
				Want: webtest.Want{Status: 422, Body: []string{`id="e-stage"`, `id="e-since"`, "must not be after today (2026-03-10)", "The stage was not recorded."}}},
			{Name: "recorded", Req: webtest.Request{Method: "POST", Path: "/participation/lifecycle", Role: accounts.RoleManager,
				Form: url.Values{"stage": {"practice/coalescing"}, "since": {"2026-03-01"}, "notes": {"Working groups formed."}}},
				Want: webtest.Want{Status: 303, Location: "/participation/lifecycle", FlashHas: "Recorded the stage Coalescing since 2026-03-01"}},
			{Name: "shown", Req: webtest.Request{Method: "GET", Path: "/participation/lifecycle", Role: accounts.RoleManager},
				Want: webtest.Want{Status: 200, InOrder: []string{"<strong>Coalescing</strong> in Communities of practice", "Working groups formed.", "History of stages", "Record a stage"}}},
		})
		l, err := env.App.Participation.LifecycleEntries(env.Ctx)
		if err != nil || len(l) != 1 {
			t.Fatalf("entries %v %v", l, err)
		}
		path := "/participation/lifecycle/" + webtest.ID(l[0].ID)
		webtest.Run(t, env, []webtest.Case{
			{Name: "edit form", Req: webtest.Request{Method: "GET", Path: path + "/edit", Role: accounts.RoleManager},
				Want: webtest.Want{Status: 200, Body: []string{`name="version" value="1"`, `value="practice/coalescing" selected`}}},
			{Name: "saved", Req: webtest.Request{Method: "POST", Path: path, Role: accounts.RoleManager,
				Form: url.Values{"version": {"1"}, "stage": {"feverbee/establishment"}, "since": {"2026-03-01"}}},
				Want: webtest.Want{Status: 303, FlashHas: "Saved the stage Establishment"}},
			{Name: "a stale edit comes back with what changed", Req: webtest.Request{Method: "POST", Path: path, Role: accounts.RoleManager,
				Form: url.Values{"version": {"1"}, "stage": {"practice/maturing"}, "since": {"2026-03-01"}}},
				Want: webtest.Want{Status: http.StatusConflict, Body: []string{"Model", "practice", "feverbee", `name="version" value="2"`}}},
			{Name: "stale delete refused", Req: webtest.Request{Method: "POST", Path: path + "/delete", Role: accounts.RoleManager, Form: url.Values{"version": {"1"}}},
				Want: webtest.Want{Status: 303, FlashHas: "Nothing was deleted"}},
			{Name: "deleted", Req: webtest.Request{Method: "POST", Path: path + "/delete", Role: accounts.RoleManager, Form: url.Values{"version": {"2"}}},
				Want: webtest.Want{Status: 303, FlashHas: "Removed the stage."}},
			{Name: "gone", Req: webtest.Request{Method: "GET", Path: path + "/edit", Role: accounts.RoleManager}, Want: webtest.Want{Status: 404}},
		})
	})
}
