package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// attendanceFixture is a first-Tuesday community call from 6 January
// 2026, 16:00 Berlin (the server's clock says 10 March), and two members.
func attendanceFixture(t *testing.T, env *webtest.Env) (programming.Programme, programming.Session, members.Member, members.Member) {
	t.Helper()
	p, err := env.App.Programming.CreateProgramme(env.Ctx, programming.ProgrammeInput{Kind: programming.CommunityCall, Title: "Community call"})
	if err != nil {
		t.Fatal(err)
	}
	x, err := env.App.Programming.CreateSession(env.Ctx, p.ID, programming.SessionInput{Start: "2026-01-06T16:00", End: "2026-01-06T17:00",
		TimeZone: "Europe/Berlin", RRule: "FREQ=MONTHLY;BYDAY=1TU"})
	if err != nil {
		t.Fatal(err)
	}
	ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Affiliation: "Analytical Engines"})
	grace := webtest.AddMember(t, env, members.Member{Name: "Grace Hopper", Emails: []members.Email{{Address: "grace@example.org", Primary: true}}})
	return p, x, ada, grace
}

func TestAttendancePages(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		p, x, ada, grace := attendanceFixture(t, env)
		sid, feb := webtest.ID(x.ID), "2026-02-03T16:00"
		page := "/sessions/" + sid + "/attendance"
		form := func(kv ...string) url.Values { return webtest.Form(append([]string{"at", feb}, kv...)...) }
		webtest.Run(t, env, []webtest.Case{
			{Name: "empty list", Req: webtest.Request{Method: "GET", Path: page + "?at=" + feb, Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Body: []string{"Community call", "Tue 3 Feb 2026, 15:00–16:00", "16:00–17:00 Europe/Berlin", "Nobody on the list yet."},
					Absent: []string{"Add members"}}},
			{Name: "not a date of the series", Req: webtest.Request{Method: "GET", Path: page + "?at=2026-02-04T16:00", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 404, Body: []string{"no date at"}}},
			{Name: "a series needs its date", Req: webtest.Request{Method: "GET", Path: page, Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 404}},
			{Name: "find", Req: webtest.Request{Method: "POST", Path: page + "/find", Role: mgr, Form: form("find", "lovelace")},
				Want: webtest.Want{Status: 200, Body: []string{`Members matching “lovelace”`, `value="` + webtest.ID(ada.ID) + `"`}}},
			{Name: "find nothing typed", Req: webtest.Request{Method: "POST", Path: page + "/find", Role: mgr, Form: form()},
				Want: webtest.Want{Status: 422, Body: []string{`href="#f-find"`}}},
			{Name: "add who came", Req: webtest.Request{Method: "POST", Path: page, Role: mgr, Form: form("member", webtest.ID(ada.ID), "member", webtest.ID(grace.ID), "came", "yes")},
				Want: webtest.Want{Status: http.StatusSeeOther, FlashHas: "Added 2 people"}},
			{Name: "add nobody", Req: webtest.Request{Method: "POST", Path: page, Role: mgr, Form: form()},
				Want: webtest.Want{Status: http.StatusSeeOther, FlashHas: "Tick at least one"}},
			{Name: "add an unknown member", Req: webtest.Request{Method: "POST", Path: page, Role: mgr, Form: form("member", "999999")},
				Want: webtest.Want{Status: http.StatusSeeOther, FlashHas: "no member 999999"}},
			{Name: "the list", Req: webtest.Request{Method: "GET", Path: page + "?at=" + feb, Role: mgr},
				Want: webtest.Want{Status: 200, Body: []string{"Ada Lovelace", "Grace Hopper", "<strong>2</strong> came", `name="was.` + webtest.ID(ada.ID) + `" value="yes"`}}},
		})
		// Two managers untick different people from the same page at once:
		// each form carries what it showed, so both changes stay.
		webtest.Run(t, env, []webtest.Case{
			{Name: "one unticks Ada", Req: webtest.Request{Method: "POST", Path: page + "/mark", Role: mgr,
				Form: form("was."+webtest.ID(ada.ID), "yes", "was."+webtest.ID(grace.ID), "yes", "came", webtest.ID(grace.ID))},
				Want: webtest.Want{Status: http.StatusSeeOther, FlashHas: "1 of 2 came"}},
			{Name: "the other unticks Grace", Req: webtest.Request{Method: "POST", Path: page + "/mark", Role: accounts.RoleOwner,
				Form: form("was."+webtest.ID(ada.ID), "yes", "was."+webtest.ID(grace.ID), "yes", "came", webtest.ID(ada.ID))},
				Want: webtest.Want{Status: http.StatusSeeOther, FlashHas: "0 of 2 came"}},
		})
		webtest.Run(t, env, []webtest.Case{
			{Name: "tick again", Req: webtest.Request{Method: "POST", Path: page + "/mark", Role: mgr,
				Form: form("was."+webtest.ID(ada.ID), "no", "came", webtest.ID(ada.ID))},
				Want: webtest.Want{Status: http.StatusSeeOther, FlashHas: "1 of 2 came"}},
			{Name: "a new person who may be Grace", Req: webtest.Request{Method: "POST", Path: page + "/new-member", Role: mgr,
				Form: form("name", "G. Hopper", "email", "GRACE@example.org", "came", "yes")},
				Want: webtest.Want{Status: http.StatusConflict, Body: []string{"same email grace@example.org", "Add Grace Hopper to the list", `name="distinct_from"`}}},
			{Name: "a new member without a name", Req: webtest.Request{Method: "POST", Path: page + "/new-member", Role: mgr, Form: form("email", "x@example.org")},
				Want: webtest.Want{Status: 422, Body: []string{`href="#f-name"`}}},
			{Name: "a new member with a bad email", Req: webtest.Request{Method: "POST", Path: page + "/new-member", Role: mgr, Form: form("name", "Kay", "email", "kay at home")},
				Want: webtest.Want{Status: 422, Body: []string{`href="#f-email"`}}},
			{Name: "someone else after all", Req: webtest.Request{Method: "POST", Path: page + "/new-member", Role: mgr,
				Form: form("name", "G. Hopper", "affiliation", "Navy", "came", "yes", "confirm_duplicate", "1", "distinct_from", webtest.ID(grace.ID))},
				Want: webtest.Want{Status: http.StatusSeeOther, FlashHas: "Added G. Hopper as a new member and to this list"}},
			{Name: "a new member for a date that is not one", Req: webtest.Request{Method: "POST", Path: page + "/new-member", Role: mgr,
				Form: webtest.Form("at", "2026-02-05T16:00", "name", "Nobody New")},
				Want: webtest.Want{Status: 404}},
			{Name: "remove", Req: webtest.Request{Method: "POST", Path: page + "/remove", Role: mgr, Form: form("member", webtest.ID(grace.ID))},
				Want: webtest.Want{Status: http.StatusSeeOther, FlashHas: "Taken off"}},
			{Name: "remove again", Req: webtest.Request{Method: "POST", Path: page + "/remove", Role: mgr, Form: form("member", webtest.ID(grace.ID))},
				Want: webtest.Want{Status: http.StatusSeeOther, FlashHas: "not on the list"}},
			{Name: "regulars offered on the next date", Req: webtest.Request{Method: "GET", Path: page + "?at=2026-03-03T16:00", Role: mgr},
				Want: webtest.Want{Status: 200, Body: []string{"Regulars of Community call", "Ada Lovelace", "came 1 time"}}},
			{Name: "a date to come takes registrations only", Req: webtest.Request{Method: "GET", Path: page + "?at=2026-04-07T16:00", Role: mgr},
				Want: webtest.Want{Status: 200, Body: []string{"once the date has started"}}},
			{Name: "nobody came to a date to come", Req: webtest.Request{Method: "POST", Path: page, Role: mgr,
				Form: webtest.Form("at", "2026-04-07T16:00", "member", webtest.ID(ada.ID), "came", "yes")},
				Want: webtest.Want{Status: http.StatusSeeOther, FlashHas: "not started yet"}},
			{Name: "programme counts", Req: webtest.Request{Method: "GET", Path: "/programmes/" + webtest.ID(p.ID), Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Body: []string{"Registered / came", "2 / 2", "2 members have come at least once"}}},
			{Name: "on Ada's timeline", Req: webtest.Request{Method: "GET", Path: "/members/" + webtest.ID(ada.ID), Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Body: []string{"Interactions and sessions", "Attended Community call", page + "?at=2026-02-03T16%3A00"}}},
		})
		got, err := env.App.Programming.GetAttendance(env.Ctx, x.ID, feb)
		if err != nil || got.Registered != 2 || got.Attended != 2 || got.People[0].Name != "Ada Lovelace" || got.People[1].Name != "G. Hopper" {
			t.Fatalf("list %+v %v", got, err)
		}
	})
}
