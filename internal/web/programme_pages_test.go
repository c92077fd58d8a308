package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

const mgr = accounts.RoleManager

func TestProgrammePages(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace"})
		webtest.Run(t, env, []webtest.Case{
			{Name: "empty form names the fields", Req: webtest.Request{Method: "POST", Path: "/programmes", Role: mgr, Form: url.Values{}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Body: []string{`href="#f-kind"`, `href="#f-title"`}}},
			{Name: "add a member host by number", Req: webtest.Request{Method: "POST", Path: "/programmes", Role: mgr,
				Form: url.Values{"op": {"add_host"}, "add_member": {"#" + strconv.FormatInt(ada.ID, 10)}, "add_role": {"facilitator"}, "title": {"Kept"}}},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{"Ada Lovelace", "Facilitator", `value="Kept"`}}},
			{Name: "create", Req: webtest.Request{Method: "POST", Path: "/programmes", Role: mgr,
				Form: url.Values{"kind": {"community_call"}, "title": {"Monthly call"}, "format": {"online"}, "status": {"open"},
					"modes": {"convey", "contribute"}, "host": {"member:" + strconv.FormatInt(ada.ID, 10) + ":host"}}},
				Want: webtest.Want{Status: http.StatusSeeOther}},
		})
		list, _, err := env.App.Programming.ListProgrammes(env.Ctx, programming.ProgrammeFilter{})
		if err != nil || len(list) != 1 {
			t.Fatalf("programmes %v %v", list, err)
		}
		id := strconv.FormatInt(list[0].ID, 10)
		webtest.Run(t, env, []webtest.Case{
			{Name: "list filters by kind", Req: webtest.Request{Method: "GET", Path: "/programmes?kind=workshop", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Absent: []string{"Monthly call"}}},
			{Name: "bad filter", Req: webtest.Request{Method: "GET", Path: "/programmes?kind=party", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 422}},
			{Name: "show", Req: webtest.Request{Method: "GET", Path: "/programmes/" + id, Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Body: []string{"Monthly call", "Ada Lovelace", "Convey, Contribute"}}},
			{Name: "stale edit", Req: webtest.Request{Method: "POST", Path: "/programmes/" + id, Role: mgr,
				Form: url.Values{"version": {"7"}, "kind": {"community_call"}, "title": {"Renamed"}}},
				Want: webtest.Want{Status: http.StatusConflict}},
			{Name: "end before start", Req: webtest.Request{Method: "POST", Path: "/programmes/" + id + "/sessions", Role: mgr,
				Form: url.Values{"start": {"2026-04-07T16:00"}, "end": {"2026-04-07T15:00"}, "time_zone": {"Berlin"}}},
				Want: webtest.Want{Status: 422, Body: []string{`href="#f-end"`}}},
			{Name: "unknown zone", Req: webtest.Request{Method: "POST", Path: "/programmes/" + id + "/sessions", Role: mgr,
				Form: url.Values{"start": {"2026-04-07T16:00"}, "end": {"2026-04-07T17:00"}, "time_zone": {"Atlantis"}}},
				Want: webtest.Want{Status: 422, Body: []string{`href="#f-time_zone"`}}},
			{Name: "invalid custom rule", Req: webtest.Request{Method: "POST", Path: "/programmes/" + id + "/sessions", Role: mgr,
				Form: url.Values{"start": {"2026-04-07T16:00"}, "end": {"2026-04-07T17:00"}, "time_zone": {"Berlin"}, "repeat": {"custom"}, "repeat_rule": {"FREQ=SOMETIMES"}}},
				Want: webtest.Want{Status: 422, Body: []string{`href="#f-repeat_rule"`}}},
			{Name: "first Tuesday series", Req: webtest.Request{Method: "POST", Path: "/programmes/" + id + "/sessions", Role: mgr,
				Form: url.Values{"start": {"2026-03-03T16:00"}, "end": {"2026-03-03T17:00"}, "time_zone": {"Berlin"}, "repeat": {"monthly_nth"}, "repeat_count": {"6"}}},
				Want: webtest.Want{Status: http.StatusSeeOther}},
			{Name: "series in words, both zones", Req: webtest.Request{Method: "GET", Path: "/programmes/" + id, Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Body: []string{"Every first Tuesday of the month at 16:00 Europe/Berlin",
					// 7 April is after the clocks change: still 16:00 in Berlin, 14:00 UTC.
					"Tue 7 Apr 2026, 14:00–15:00", "16:00–17:00 Europe/Berlin"}}},
		})
		sessions, err := env.App.Programming.ListSessions(env.Ctx, list[0].ID)
		if err != nil || len(sessions) != 1 {
			t.Fatalf("sessions %v %v", sessions, err)
		}
		sid := strconv.FormatInt(sessions[0].ID, 10)
		webtest.Run(t, env, []webtest.Case{
			{Name: "skip a date", Req: webtest.Request{Method: "POST", Path: "/sessions/" + sid + "/occurrence", Role: mgr,
				Form: url.Values{"original_start": {"2026-04-07T16:00"}, "action": {"skip"}}}, Want: webtest.Want{Status: http.StatusSeeOther, FlashHas: "skipped"}},
			{Name: "move form", Req: webtest.Request{Method: "GET", Path: "/sessions/" + sid + "/move?at=2026-05-05T16:00", Role: mgr},
				Want: webtest.Want{Status: 200, Body: []string{`value="2026-05-05T16:00"`}}},
			{Name: "move badly", Req: webtest.Request{Method: "POST", Path: "/sessions/" + sid + "/occurrence", Role: mgr,
				Form: url.Values{"original_start": {"2026-05-05T16:00"}, "action": {"move"}, "start": {"2026-05-06T16:00"}, "end": {"2026-05-06T15:00"}}},
				Want: webtest.Want{Status: 422, Body: []string{`href="#f-end"`}}},
			{Name: "move across midnight", Req: webtest.Request{Method: "POST", Path: "/sessions/" + sid + "/occurrence", Role: mgr,
				Form: url.Values{"original_start": {"2026-05-05T16:00"}, "action": {"move"}, "start": {"2026-05-06T01:30"}, "end": {"2026-05-06T02:30"}}},
				Want: webtest.Want{Status: http.StatusSeeOther}},
			{Name: "not a date of the series", Req: webtest.Request{Method: "POST", Path: "/sessions/" + sid + "/occurrence", Role: mgr,
				Form: url.Values{"original_start": {"2026-05-06T16:00"}, "action": {"skip"}}}, Want: webtest.Want{Status: http.StatusSeeOther, FlashHas: "not changed"}},
			{Name: "month view", Req: webtest.Request{Method: "GET", Path: "/calendar?month=2026-05", Role: accounts.RoleViewer},
				// Moved to 01:30 Berlin on 6 May: 23:30 UTC on the 5th.
				Want: webtest.Want{Status: 200, Body: []string{"May 2026", "23:30 UTC", "(moved)", "UTC (the community"}}},
			{Name: "bad month", Req: webtest.Request{Method: "GET", Path: "/calendar?month=May", Role: accounts.RoleViewer}, Want: webtest.Want{Status: 422}},
			{Name: "agenda", Req: webtest.Request{Method: "GET", Path: "/calendar/agenda?weeks=12", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Body: []string{"Tuesday 5 May 2026"}, Absent: []string{"Tuesday 7 April 2026"}}},
			{Name: "bad weeks", Req: webtest.Request{Method: "GET", Path: "/calendar/agenda?weeks=99", Role: accounts.RoleViewer}, Want: webtest.Want{Status: 422}},
		})
	})
}
