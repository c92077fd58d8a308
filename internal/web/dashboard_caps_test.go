package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/store/storetest"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// TestDashboardShowsTheFirstOfLongLists: with more follow-ups due than the
// dashboard shows, it shows the first DashboardShown of each list, says
// how many there are, and links to the full list.
func TestDashboardShowsTheFirstOfLongLists(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			env := webtest.New(t, d)
			for i := range 23 {
				mustFollowUp(t, env, fmt.Sprintf("Overdue task %02d", i), fmt.Sprintf("2026-02-%02d", 1+i))
			}
			for i := range 22 {
				mustFollowUp(t, env, fmt.Sprintf("Today task %02d", i), "2026-03-10")
			}
			rec := env.Do(t, webtest.Request{Method: "GET", Path: "/", Role: accounts.RoleViewer})
			body := rec.Body.String()
			if rec.Code != 200 {
				t.Fatalf("status %d", rec.Code)
			}
			for _, want := range []string{
				"23 follow-ups overdue, 22 due today.",
				"The 20 most overdue of 23.", `<a href="/followups?status=overdue">See every overdue follow-up</a>`,
				"The first 20 of 22.", `<a href="/followups?status=due">See every follow-up due</a>`,
				"Overdue task 00", "Overdue task 19", "Today task 19",
			} {
				if !strings.Contains(body, want) {
					t.Errorf("the dashboard does not say %q", want)
				}
			}
			// Most overdue first: the three due latest are left for the
			// full list.
			for _, absent := range []string{"Overdue task 20", "Overdue task 22"} {
				if strings.Contains(body, absent) {
					t.Errorf("the dashboard shows %q, beyond the first %d", absent, relationships.DashboardShown)
				}
			}
		})
	}
}

func mustFollowUp(t *testing.T, env *webtest.Env, what, due string) {
	t.Helper()
	if _, err := env.App.Relationships.CreateFollowUp(env.Ctx, relationships.FollowUpInput{What: what, DueOn: due}); err != nil {
		t.Fatalf("create follow-up: %v", err)
	}
}
