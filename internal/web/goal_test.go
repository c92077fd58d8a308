package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// goalSource serves a goal with three items in the webtest's quarter
// (2026 Q1), one in the quarter before and one without a date.
func goalSource(servedID int64) goals.Source {
	return func(_ context.Context, goalID int64, from, to string) ([]goals.Contribution, error) {
		if goalID != servedID {
			return nil, nil
		}
		all := []goals.Contribution{
			{Kind: "session", ID: 1, Title: "Welcome call", Path: "/goals", On: "2026-02-03", Status: "completed", How: "newcomers meet mentors"},
			{Kind: "content", ID: 2, Title: "ECR newsletter", On: "2026-03-20", Status: "scheduled"},
			{Kind: "programme", ID: 3, Title: "Mentoring programme", On: "2025-11-01", Status: "open"},
			{Kind: "content", ID: 4, Title: "Ideas for spring", Status: "idea"},
		}
		var out []goals.Contribution
		for _, c := range all {
			if c.On == "" || (c.On >= from && c.On <= to) {
				out = append(out, c)
			}
		}
		return out, nil
	}
}

func TestGoalPages(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		svc := env.App.Goals
		manager := env.Users[accounts.RoleManager]
		ecr, err := svc.Create(env.Ctx, goals.Goal{Title: "Welcome early career researchers", OwnerUserID: manager.ID,
			Why:        "They are the **future** of the field.",
			Indicators: []goals.Indicator{{Name: "ECR members", Target: ptr(50), Current: ptr(34), MeasuredOn: "2026-03-01"}}})
		if err != nil {
			t.Fatal(err)
		}
		forum, err := svc.Create(env.Ctx, goals.Goal{Title: "Launch the forum", Status: goals.Retired, RetiredOn: "2025-10-01"})
		if err != nil {
			t.Fatal(err)
		}
		svc.Sources = []goals.Source{goalSource(ecr.ID)}
		path := "/goals/" + webtest.ID(ecr.ID)
		newForm := url.Values{"title": {"Share practice"}, "why": {"Because."}, "owner_user_id": {webtest.ID(manager.ID)},
			"indicators[0].name": {""}, // a blank first row is dropped
			"indicators[1].name": {"Guides"}, "indicators[1].target": {"4"}, "indicators[1].current": {"1"},
			"indicators[1].measured_on": {"2026-03-09"}}
		webtest.Run(t, env, []webtest.Case{
			{Name: "list for a viewer", Req: webtest.Request{Method: "GET", Path: "/goals", Role: accounts.RoleViewer}, Want: webtest.Want{Status: 200,
				InOrder: []string{"Active goals", "Welcome early career researchers", "Manager User", "ECR members</span>: 34 of 50 (68 %)",
					"Retired goals", "Launch the forum", "Retired", "Wed 1 Oct 2025"},
				Absent: []string{"/goals/new"}}},
			{Name: "list for a manager", Req: webtest.Request{Method: "GET", Path: "/goals", Role: accounts.RoleManager}, Want: webtest.Want{Status: 200,
				Body: []string{`href="/goals/new"`, "New goal", `aria-current="page">Goals`}}},
			{Name: "goal this quarter", Req: webtest.Request{Method: "GET", Path: path, Role: accounts.RoleViewer}, Want: webtest.Want{Status: 200,
				InOrder: []string{"Welcome early career researchers", "Manager User", "34 of 50 (68 %)", "Sun 1 Mar 2026",
					"<strong>future</strong>", "What serves it in 2026 Q1", "2025 Q4", "The whole of 2026", "2026 Q2",
					"<h3>2026 Q1</h3>", "ECR newsletter", "Welcome call", "newcomers meet mentors", "Not dated yet", "Ideas for spring"},
				Absent: []string{"Mentoring programme", "/edit", "/delete"}}},
			{Name: "goal the quarter before", Req: webtest.Request{Method: "GET", Path: path + "?period=2025-Q4", Role: accounts.RoleViewer}, Want: webtest.Want{Status: 200,
				Body: []string{"What serves it in 2025 Q4", "Mentoring programme", "Ideas for spring"}, Absent: []string{"ECR newsletter"}}},
			{Name: "goal a year with nothing", Req: webtest.Request{Method: "GET", Path: path + "?period=2024", Role: accounts.RoleViewer}, Want: webtest.Want{Status: 200,
				Body: []string{"Nothing dated in 2024 serves this goal", "This quarter (2026 Q1)"}}},
			{Name: "bad period", Req: webtest.Request{Method: "GET", Path: path + "?period=2026-Q7", Role: accounts.RoleViewer}, Want: webtest.Want{Status: 422}},
			{Name: "goal for a manager", Req: webtest.Request{Method: "GET", Path: path, Role: accounts.RoleManager}, Want: webtest.Want{Status: 200,
				Body: []string{path + "/edit", path + "/retire", path + "/delete", `name="version" value="1"`}}},
			{Name: "unknown goal", Req: webtest.Request{Method: "GET", Path: "/goals/99999", Role: accounts.RoleViewer}, Want: webtest.Want{Status: 404}},
			{Name: "viewer cannot open the form", Req: webtest.Request{Method: "GET", Path: "/goals/new", Role: accounts.RoleViewer}, Want: webtest.Want{Status: 403}},
			{Name: "new form", Req: webtest.Request{Method: "GET", Path: "/goals/new", Role: accounts.RoleManager}, Want: webtest.Want{Status: 200,
				Body:   []string{`action="/goals"`, `name="indicators[0].name"`, `name="indicators[1].measured_on"`, "Manager User"},
				Absent: []string{`name="indicators[2].name"`, `name="version"`}}},
			{Name: "create with problems", Req: webtest.Request{Method: "POST", Path: "/goals", Role: accounts.RoleManager,
				Form: url.Values{"title": {"welcome EARLY career researchers"}, "indicators[3].name": {"Guides"}, "indicators[3].target": {"lots"},
					"indicators[4].target": {"3"}}},
				Want: webtest.Want{Status: 422, Body: []string{`id="e-indicators[0].target"`, "must be a number", `id="e-indicators[1].name"`, `value="lots"`}}},
			{Name: "title taken", Req: webtest.Request{Method: "POST", Path: "/goals", Role: accounts.RoleManager,
				Form: url.Values{"title": {"welcome EARLY career researchers"}}},
				Want: webtest.Want{Status: 422, Body: []string{`id="e-title"`, "another goal is already called"}}},
			{Name: "empty form", Req: webtest.Request{Method: "POST", Path: "/goals", Role: accounts.RoleManager, Form: url.Values{}},
				Want: webtest.Want{Status: 422, Body: []string{`id="e-title"`}}},
			{Name: "create", Req: webtest.Request{Method: "POST", Path: "/goals", Role: accounts.RoleManager, Form: newForm},
				Want: webtest.Want{Status: 303, FlashHas: "Goal added."}},
			{Name: "edit form", Req: webtest.Request{Method: "GET", Path: path + "/edit", Role: accounts.RoleManager}, Want: webtest.Want{Status: 200,
				Body: []string{"Edit goal", `value="Welcome early career researchers"`, `name="version" value="1"`,
					`name="indicators[0].current" type="text" value="34"`, `name="indicators[2].name"`},
				Absent: []string{`name="indicators[3].name"`}}},
			{Name: "save", Req: webtest.Request{Method: "POST", Path: path, Role: accounts.RoleManager, Form: url.Values{"version": {"1"},
				"title": {"Welcome and keep early career researchers"}, "indicators[0].name": {"ECR members"}, "indicators[0].target": {"50"},
				"indicators[0].current": {"40"}, "indicators[0].measured_on": {"2026-03-10"}}},
				Want: webtest.Want{Status: 303, Location: path, FlashHas: "Goal saved."}},
			{Name: "stale save", Req: webtest.Request{Method: "POST", Path: path, Role: accounts.RoleManager, Form: url.Values{"version": {"1"},
				"title": {"Keep ECRs"}}},
				Want: webtest.Want{Status: 409, Body: []string{"This record changed since you opened it", "Indicator 1", "40 of 50", `name="version" value="2"`, `value="Keep ECRs"`}}},
			{Name: "stale retire", Req: webtest.Request{Method: "POST", Path: path + "/retire", Role: accounts.RoleManager, Form: url.Values{"version": {"1"}}},
				Want: webtest.Want{Status: 303, Location: path, FlashHas: "Nothing was changed"}},
			{Name: "retire", Req: webtest.Request{Method: "POST", Path: path + "/retire", Role: accounts.RoleManager, Form: url.Values{"version": {"2"}}},
				Want: webtest.Want{Status: 303, Location: path, FlashHas: "Goal retired."}},
			{Name: "retired page", Req: webtest.Request{Method: "GET", Path: path, Role: accounts.RoleManager}, Want: webtest.Want{Status: 200,
				Body: []string{"Retired", "Tue 10 Mar 2026", path + "/reactivate"}}},
			{Name: "reactivate", Req: webtest.Request{Method: "POST", Path: path + "/reactivate", Role: accounts.RoleManager, Form: url.Values{}},
				Want: webtest.Want{Status: 303, Location: path, FlashHas: "Goal active again."}},
			{Name: "delete a served goal", Req: webtest.Request{Method: "POST", Path: path + "/delete", Role: accounts.RoleManager, Form: url.Values{}},
				Want: webtest.Want{Status: 303, Location: path, FlashHas: `the content "ECR newsletter"`}},
			{Name: "delete", Req: webtest.Request{Method: "POST", Path: "/goals/" + webtest.ID(forum.ID) + "/delete", Role: accounts.RoleOwner, Form: url.Values{"version": {"1"}}},
				Want: webtest.Want{Status: 303, Location: "/goals", FlashHas: "Goal deleted."}},
			{Name: "viewer cannot delete", Req: webtest.Request{Method: "POST", Path: path + "/delete", Role: accounts.RoleViewer, Form: url.Values{}},
				Want: webtest.Want{Status: http.StatusForbidden}},
		})
		got, err := svc.Get(env.Ctx, ecr.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "Welcome and keep early career researchers" || got.Status != goals.Active || *got.Indicators[0].Current != 40 || got.OwnerUserID != 0 {
			t.Errorf("after the edits: %+v", got)
		}
		list, _ := svc.List(env.Ctx)
		if len(list) != 2 || list[1].Title != "Share practice" || len(list[1].Indicators) != 1 || list[1].Indicators[0].Name != "Guides" {
			t.Errorf("goals now %+v", list)
		}
	})
}

func ptr(v float64) *float64 { return &v }
