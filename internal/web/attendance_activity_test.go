package web_test

import (
	"net/http"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// Attendance recorded from the pages is an activity on the member's page,
// linked to the date's list, and taking someone off the list takes it away.
func TestAttendancePagesMakeActivities(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		_, x, ada, grace := attendanceFixture(t, env)
		page := "/sessions/" + webtest.ID(x.ID) + "/attendance"
		link := page + "?at=2026-02-03T16%3A00"
		webtest.Run(t, env, []webtest.Case{
			{Name: "add who came", Req: webtest.Request{Method: "POST", Path: page, Role: mgr,
				Form: webtest.Form("at", "2026-02-03T16:00", "member", webtest.ID(ada.ID), "member", webtest.ID(grace.ID), "came", "yes")},
				Want: webtest.Want{Status: http.StatusSeeOther, FlashHas: "Added 2 people"}},
			{Name: "on Ada's page", Req: webtest.Request{Method: "GET", Path: "/members/" + webtest.ID(ada.ID), Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Body: []string{"Attended a call or event", `<a href="` + link + `"`, "programming"}}},
			{Name: "remove Grace", Req: webtest.Request{Method: "POST", Path: page + "/remove", Role: mgr,
				Form: webtest.Form("at", "2026-02-03T16:00", "member", webtest.ID(grace.ID))},
				Want: webtest.Want{Status: http.StatusSeeOther, FlashHas: "Taken off"}},
			{Name: "not on Grace's page", Req: webtest.Request{Method: "GET", Path: "/members/" + webtest.ID(grace.ID), Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Absent: []string{"Attended a call or event"}}},
		})
		list, _, err := env.App.Participation.ListActivities(env.Ctx, participation.Filter{Source: participation.SourceProgramming})
		if err != nil || len(list) != 1 || list[0].MemberID != ada.ID || list[0].Kind != "attended_call" || list[0].Title != "Community call" {
			t.Fatalf("programming activities %+v %v", list, err)
		}
	})
}
