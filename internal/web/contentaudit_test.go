package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/programming"
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
		Modalities: []participation.Modality{participation.Spoken}, Timings: []participation.Timing{participation.Synchronous},
		Goals: []goals.Link{{GoalID: g.ID, How: "newcomers meet"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Programming.CreateSession(env.Ctx, p.ID, programming.SessionInput{Start: "2026-02-03T16:00",
		End: "2026-02-03T17:00", TimeZone: "Europe/Berlin", RRule: "FREQ=WEEKLY;COUNT=3"}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Content.Create(env.Ctx, content.Input{Kind: content.Kind("blog_post"), Title: "=Hello post",
		Status: content.Published, PublishedOn: "2026-02-01", ReviewBy: "2026-03-01"}); err != nil {
		t.Fatal(err)
	}
}

func TestContentAuditPages(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		auditFixture(t, env)
		get := func(path string, role accounts.Role) webtest.Request {
			return webtest.Request{Method: "GET", Path: path, Role: role}
		}
		post := func(path string, form url.Values) webtest.Request {
			return webtest.Request{Method: "POST", Path: path, Role: accounts.RoleManager, Form: form}
		}
		q1 := url.Values{"from": {"2026-01-01"}, "to": {"2026-03-31"}, "notes": {"Calls are all **live**."}}
		q4 := url.Values{"from": {"2025-10-01"}, "to": {"2025-12-31"}}
		webtest.Run(t, env, []webtest.Case{
			{Name: "this quarter", Req: get("/content-audit", accounts.RoleViewer), Want: webtest.Want{Status: 200,
				InOrder: []string{"Content and programming audit, Q1 2026", `href="/content-audit.csv?from=2026-01-01&amp;to=2026-03-31"`,
					`aria-current="page">Q1 2026`, "Q4 2025", "What there is in Q1 2026",
					"=Hello post", "Blog post", "review by Sun 1 Mar 2026", "no goal",
					"Welcome call", "3 sessions", "Convey", "Welcome newcomers", "3 h",
					"What is missing", "Goals nothing serves", "What this checks:", "Build a curriculum",
					"Participation modes no programming offers", "co-create",
					"Items that serve no goal", "Items overdue for review", "Little reach for the effort", "nothing found"},
				Absent: []string{"Save this audit"}}},
			{Name: "a writer may save", Req: get("/content-audit", accounts.RoleManager), Want: webtest.Want{Status: 200,
				Body: []string{"Save this audit", `action="/content-audit/saved"`, `name="from" value="2026-01-01"`}}},
			{Name: "an empty quarter", Req: get("/content-audit?from=2025-10-01&to=2025-12-31", accounts.RoleViewer), Want: webtest.Want{Status: 200,
				Body: []string{"No programme or content item is dated in Q4 2025"}}},
			{Name: "a bad date", Req: get("/content-audit?from=2026-02-30&to=2026-03-31", accounts.RoleViewer), Want: webtest.Want{Status: 422,
				Body: []string{`id="e-from"`, "must be a date written YYYY-MM-DD", `value="2026-02-30"`}}},
			{Name: "to before from", Req: get("/content-audit?from=2026-03-01&to=2026-02-01", accounts.RoleViewer), Want: webtest.Want{Status: 422,
				Body: []string{`id="e-to"`}}},
			{Name: "csv", Req: get("/content-audit.csv?from=2026-01-01&to=2026-03-31", accounts.RoleViewer), Want: webtest.Want{Status: 200,
				Body: []string{"kind,id,title,type,status", "content,1,'=Hello post,Blog post,Published,false,2026-02-01,,0,",
					"programme,1,Welcome call,Community call,Planned,false,2026-02-03,2026-02-17,3,convey,spoken,synchronous,whole community,Welcome newcomers,,3,,/programmes/1",
					"gap,rule,key,message,figures,links", "gap,goal_served_by_nothing,goal_served_by_nothing:goal/2,",
					"gap,review_overdue,review_overdue,"},
				Check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
						t.Errorf("Content-Type %q", ct)
					}
					if cd := rec.Header().Get("Content-Disposition"); !strings.Contains(cd, "content-audit-2026-01-01-2026-03-31.csv") {
						t.Errorf("Content-Disposition %q", cd)
					}
				}}},
			{Name: "csv with a bad date", Req: get("/content-audit.csv?from=x&to=2026-03-31", accounts.RoleViewer), Want: webtest.Want{Status: 422}},
			{Name: "print", Req: get("/content-audit/print?from=2026-01-01&to=2026-03-31", accounts.RoleViewer), Want: webtest.Want{Status: 200,
				InOrder: []string{"<h1>Content and programming audit, Q1 2026</h1>", "=Hello post", "Goals nothing serves"},
				Absent:  []string{`aria-label="Main"`, "<form"}}},
			{Name: "viewer cannot save", Req: webtest.Request{Method: "POST", Path: "/content-audit/saved", Role: accounts.RoleViewer, Form: q1},
				Want: webtest.Want{Status: http.StatusForbidden}},
			{Name: "save an empty form", Req: post("/content-audit/saved", url.Values{}), Want: webtest.Want{Status: 422}},
			{Name: "save", Req: post("/content-audit/saved", q1), Want: webtest.Want{Status: 303, Location: "/content-audit/saved/1",
				FlashHas: "Audit of Q1 2026 saved."}},
			{Name: "save the quarter before", Req: post("/content-audit/saved", q4), Want: webtest.Want{Status: 303, Location: "/content-audit/saved/2"}},
			{Name: "saved list", Req: get("/content-audit/saved", accounts.RoleViewer), Want: webtest.Want{Status: 200,
				InOrder: []string{"Saved audits", "Q1 2026", "Manager User", "Q4 2025"}}},
			{Name: "saved audit", Req: get("/content-audit/saved/1", accounts.RoleViewer), Want: webtest.Want{Status: 200,
				InOrder: []string{"Audit of Q1 2026", `href="/content-audit/saved/1/compare?with=2">Compare with the audit of Q4 2025`, "Compare with", "Q4 2025", "Calls are all <strong>live</strong>.",
					"Findings and decisions", "Build a curriculum", "Decision:</strong> Not decided"},
				Absent: []string{"/content-audit/saved/1/decisions", "Delete this saved audit"}}},
			{Name: "decide", Req: post("/content-audit/saved/1/decisions", url.Values{"key": {"item_without_goal"}, "decision": {"stop"}, "note": {"Retire the post"}}),
				Want: webtest.Want{Status: 303, Location: "/content-audit/saved/1", FlashHas: "Decision saved."}},
			{Name: "decide on no finding", Req: post("/content-audit/saved/1/decisions", url.Values{"key": {"nothing"}, "decision": {"stop"}}),
				Want: webtest.Want{Status: 303, Location: "/content-audit/saved/1", FlashHas: "no finding"}},
			{Name: "an unknown decision", Req: post("/content-audit/saved/1/decisions", url.Values{"key": {"item_without_goal"}, "decision": {"maybe"}}),
				Want: webtest.Want{Status: 303, FlashHas: "choose one of"}},
			{Name: "notes", Req: post("/content-audit/saved/1/notes", url.Values{"notes": {"Plan a co-creation sprint."}}),
				Want: webtest.Want{Status: 303, FlashHas: "Notes saved."}},
			{Name: "decided", Req: get("/content-audit/saved/1", accounts.RoleManager), Want: webtest.Want{Status: 200,
				InOrder: []string{"Plan a co-creation sprint.", "Decision:</strong> Stop the items", "Retire the post"},
				Body:    []string{`value="stop" selected`, "Delete this saved audit"}}},
			{Name: "compare", Req: get("/content-audit/saved/2/compare?with=1", accounts.RoleViewer), Want: webtest.Want{Status: 200,
				InOrder: []string{"Q1 2026 against Q4 2025", "New in Q1 2026", "Hello post", "Closed since Q4 2025", "Changed"}}},
			{Name: "compare with itself", Req: get("/content-audit/saved/1/compare?with=1", accounts.RoleViewer), Want: webtest.Want{Status: 303,
				Location: "/content-audit/saved/1", FlashHas: "Choose another saved audit"}},
			{Name: "compare with nothing", Req: get("/content-audit/saved/1/compare", accounts.RoleViewer), Want: webtest.Want{Status: 303}},
			{Name: "compare with an unknown audit", Req: get("/content-audit/saved/1/compare?with=99", accounts.RoleViewer), Want: webtest.Want{Status: 404}},
			{Name: "unknown saved audit", Req: get("/content-audit/saved/99", accounts.RoleViewer), Want: webtest.Want{Status: 404}},
			{Name: "delete", Req: post("/content-audit/saved/2/delete", url.Values{}), Want: webtest.Want{Status: 303, Location: "/content-audit/saved",
				FlashHas: "Saved audit deleted."}},
			{Name: "links from the goals", Req: get("/goals", accounts.RoleViewer), Want: webtest.Want{Status: 200, Body: []string{`href="/content-audit"`}}},
			{Name: "links from the content", Req: get("/content", accounts.RoleViewer), Want: webtest.Want{Status: 200, Body: []string{`href="/content-audit"`}}},
			{Name: "links from the dashboard", Req: get("/", accounts.RoleViewer), Want: webtest.Want{Status: 200, Body: []string{`href="/content-audit"`}}},
		})
	})
}
