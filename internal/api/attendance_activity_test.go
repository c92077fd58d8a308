package api_test

import (
	"fmt"
	"testing"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// Attendance recorded through the API is an activity the activities API
// lists, with the kind of the part taken; removing it removes the activity.
func TestAttendanceAPIMakesActivities(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		p, err := env.App.Programming.CreateProgramme(env.Ctx, programming.ProgrammeInput{Kind: programming.CommunityCall, Title: "Community call"})
		if err != nil {
			t.Fatal(err)
		}
		x, err := env.App.Programming.CreateSession(env.Ctx, p.ID, programming.SessionInput{Start: "2026-01-06T16:00", End: "2026-01-06T17:00",
			TimeZone: "Europe/Berlin", RRule: "FREQ=MONTHLY;BYDAY=1TU"})
		if err != nil {
			t.Fatal(err)
		}
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace"})
		grace := webtest.AddMember(t, env, members.Member{Name: "Grace Hopper"})
		path := fmt.Sprintf("/api/v1/sessions/%d/attendance", x.ID)
		feb := "2026-02-03T15:00:00Z"
		ext := func(id int64) string {
			return fmt.Sprintf(`"external_id":"attendance:%d:%d:%d"`, x.ID, int64(1770130800), id)
		}
		activities := "/api/v1/activities?source=programming"
		webtest.Run(t, env, []webtest.Case{
			{Name: "one", Req: webtest.Request{Method: "POST", Path: path, Role: manager,
				JSON: map[string]any{"occurrence": feb, "member_id": ada.ID, "attended": "yes", "role": "speaker"}},
				Want: webtest.Want{Status: 200}},
			{Name: "bulk", Req: webtest.Request{Method: "POST", Path: path + "/bulk", Role: manager,
				JSON: map[string]any{"occurrence": feb, "people": []any{map[string]any{"member_id": grace.ID, "attended": "yes", "role": "host"}}}},
				Want: webtest.Want{Status: 200}},
			{Name: "listed", Req: webtest.Request{Method: "GET", Path: activities, Role: viewer},
				Want: webtest.Want{Status: 200, Body: []string{`"kind":"gave_talk"`, `"kind":"hosted_session"`, ext(ada.ID), ext(grace.ID),
					`"occurred_at":"2026-02-03T15:00:00Z"`, `"title":"Community call"`, `"source":"programming"`,
					fmt.Sprintf(`"url":"/sessions/%d/attendance?at=2026-02-03T16%%3A00"`, x.ID)}}},
			{Name: "remove", Req: webtest.Request{Method: "DELETE", Path: fmt.Sprintf("%s/%d?occurrence=%s", path, grace.ID, feb), Role: manager},
				Want: webtest.Want{Status: 204}},
			{Name: "a script cannot write programming's own", Req: webtest.Request{Method: "POST", Path: "/api/v1/activities", Role: manager,
				JSON: map[string]any{"member_id": ada.ID, "kind": "attended_call", "occurred_at": feb, "source": "programming",
					"external_id": fmt.Sprintf("attendance:%d:%d:%d", x.ID, int64(1770130800), grace.ID)}},
				Want: webtest.Want{Status: 422, Body: []string{`"field":"source"`, "record attendance on the session"}}},
			{Name: "gone", Req: webtest.Request{Method: "GET", Path: activities, Role: viewer},
				Want: webtest.Want{Status: 200, Body: []string{ext(ada.ID)}, Absent: []string{ext(grace.ID), "hosted_session"}}},
		})
	})
}
