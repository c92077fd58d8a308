package web_test

import (
	"fmt"
	"html"
	"regexp"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestFollowUpList(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Affiliation: ""})
		manager := env.Users[accounts.RoleManager].ID
		owner := env.Users[accounts.RoleOwner].ID
		webtest.AddFollowUp(t, env, "Late thing", "2026-03-01", manager, ada.ID)
		webtest.AddFollowUp(t, env, "Today thing", "2026-03-10", owner, 0)
		webtest.AddFollowUp(t, env, "Next week thing", "2026-03-17", manager, 0)
		done := webtest.AddFollowUp(t, env, "Finished thing", "2026-03-02", manager, 0)
		if _, err := env.App.Relationships.CompleteFollowUp(env.Ctx, done.ID); err != nil {
			t.Fatal(err)
		}

		tests := []struct {
			name   string
			path   string
			role   accounts.Role
			want   webtest.Want
			order  []string
			absent []string
		}{
			{"all open, soonest due first", "/followups", accounts.RoleManager,
				webtest.Want{Status: 200, Body: []string{`aria-current="page">All open`, "9 days overdue", "due today", "due in 7 days", "Snooze until", "/complete"}},
				[]string{"Late thing", "Today thing", "Next week thing"}, []string{"Finished thing"}},
			{"overdue", "/followups?status=overdue", accounts.RoleViewer,
				webtest.Want{Status: 200, Body: []string{`aria-current="page">Overdue`}},
				[]string{"Late thing"}, []string{"Today thing", "Next week thing", "/complete", "/snooze"}},
			{"due by today", "/followups?status=due", accounts.RoleViewer, webtest.Want{Status: 200},
				[]string{"Late thing", "Today thing"}, []string{"Next week thing"}},
			{"upcoming", "/followups?status=upcoming", accounts.RoleViewer, webtest.Want{Status: 200},
				[]string{"Next week thing"}, []string{"Late thing", "Today thing"}},
			{"done, with Reopen", "/followups?status=done", accounts.RoleManager,
				webtest.Want{Status: 200, Body: []string{"/reopen", "done 10 Mar 2026"}},
				[]string{"Finished thing"}, []string{"Late thing"}},
			{"mine", "/followups?mine=1", accounts.RoleOwner,
				webtest.Want{Status: 200, Body: []string{`<strong aria-current="true">mine</strong>`}},
				[]string{"Today thing"}, []string{"Late thing", "Next week thing"}},
			{"one member's", "/followups?member=" + webtest.ID(ada.ID), accounts.RoleViewer,
				webtest.Want{Status: 200, Body: []string{"Follow-ups for Ada Lovelace"}},
				[]string{"Late thing"}, []string{"Today thing"}},
			{"empty tab says so", "/followups?status=overdue&mine=1", accounts.RoleOwner,
				webtest.Want{Status: 200, Body: []string{"Nothing is overdue. (of yours)"}}, nil, nil},
			{"unknown status", "/followups?status=someday", accounts.RoleViewer,
				webtest.Want{Status: 422, Body: []string{"must be one of open, overdue, due, upcoming, done, all"}}, nil, nil},
			{"unknown member", "/followups?member=999999", accounts.RoleViewer, webtest.Want{Status: 404}, nil, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.want.Absent = tt.absent
				rec := env.Do(t, webtest.Request{Method: "GET", Path: tt.path, Role: tt.role})
				webtest.Check(t, rec, tt.want)
				webtest.InOrder(t, rec.Body.String(), tt.order)
			})
		}
	})
}

// TestFollowUpListPages follows the "More" links through 30 open
// follow-ups on 25-row pages.
func TestFollowUpListPages(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		for i := 1; i <= 30; i++ {
			webtest.AddFollowUp(t, env, fmt.Sprintf("Task %02d", i), fmt.Sprintf("2026-04-%02d", i), 0, 0)
		}
		task := regexp.MustCompile(`<strong>Task (\d\d)</strong>`)
		more := regexp.MustCompile(`<a href="([^"]+)">More</a>`)
		seen := map[string]bool{}
		path, pages := "/followups?status=upcoming", 0
		for path != "" {
			pages++
			rec := env.Do(t, webtest.Request{Method: "GET", Path: path, Role: accounts.RoleManager})
			webtest.Check(t, rec, webtest.Want{Status: 200})
			body := rec.Body.String()
			for _, m := range task.FindAllStringSubmatch(body, -1) {
				if seen[m[1]] {
					t.Fatalf("task %s shown twice", m[1])
				}
				seen[m[1]] = true
			}
			path = ""
			if m := more.FindStringSubmatch(body); m != nil {
				path = html.UnescapeString(m[1])
			}
		}
		if pages != 2 || len(seen) != 30 {
			t.Fatalf("%d pages showing %d follow-ups, want 2 pages and all 30", pages, len(seen))
		}
	})
}
