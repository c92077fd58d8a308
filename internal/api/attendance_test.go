package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/store/storetest"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestAttendanceAPI(t *testing.T) {
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
		one, err := env.App.Programming.CreateSession(env.Ctx, p.ID, programming.SessionInput{Start: "2026-02-20T10:00", End: "2026-02-20T12:00", TimeZone: "Europe/Berlin"})
		if err != nil {
			t.Fatal(err)
		}
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace"})
		grace := webtest.AddMember(t, env, members.Member{Name: "Grace Hopper"})
		path := fmt.Sprintf("/api/v1/sessions/%d/attendance", x.ID)
		feb := "2026-02-03T15:00:00Z"
		webtest.Run(t, env, []webtest.Case{
			{Name: "viewer cannot record", Req: webtest.Request{Method: "POST", Path: path, Role: viewer,
				JSON: map[string]any{"occurrence": feb, "member_id": ada.ID}}, Want: webtest.Want{Status: http.StatusForbidden}},
			{Name: "one", Req: webtest.Request{Method: "POST", Path: path, Role: manager,
				JSON: map[string]any{"occurrence": feb, "member_id": ada.ID, "attended": "yes", "role": "speaker", "note": "Lightning talk"}},
				Want: webtest.Want{Status: 200, Body: []string{`"registered":1`, `"attended":1`, `"role":"speaker"`}}},
			{Name: "unknown member", Req: webtest.Request{Method: "POST", Path: path, Role: manager,
				JSON: map[string]any{"occurrence": feb, "member_id": 999999}}, Want: webtest.Want{Status: 422, Code: apperr.Invalid, Field: "member_id"}},
			{Name: "not a date of the series", Req: webtest.Request{Method: "POST", Path: path, Role: manager,
				JSON: map[string]any{"occurrence": "2026-02-04T15:00:00Z", "member_id": ada.ID}}, Want: webtest.Want{Status: 422, Field: "occurrence"}},
			{Name: "unknown field", Req: webtest.Request{Method: "POST", Path: path, Role: manager,
				JSON: map[string]any{"occurrence": feb, "member_id": ada.ID, "present": true}}, Want: webtest.Want{Status: 422}},
			{Name: "bulk, all or none", Req: webtest.Request{Method: "POST", Path: path + "/bulk", Role: manager,
				JSON: map[string]any{"occurrence": feb, "people": []any{map[string]any{"member_id": grace.ID, "attended": "yes"}, map[string]any{"member_id": 999999}}}},
				Want: webtest.Want{Status: 422, Field: "people[1].member_id"}},
			{Name: "bulk", Req: webtest.Request{Method: "POST", Path: path + "/bulk", Role: manager,
				JSON: map[string]any{"occurrence": feb, "people": []any{map[string]any{"member_id": grace.ID, "attended": "no"}, map[string]any{"member_id": ada.ID, "note": "Slides shared"}}}},
				Want: webtest.Want{Status: 200, Body: []string{`"registered":2`, `"attended":1`, `"note":"Slides shared"`, `"role":"speaker"`}}},
			{Name: "read, wall-clock name", Req: webtest.Request{Method: "GET", Path: path + "?occurrence=2026-02-03T16:00", Role: viewer},
				Want: webtest.Want{Status: 200, InOrder: []string{`"original_start":"2026-02-03T16:00:00+01:00"`, `"Ada Lovelace"`, `"Grace Hopper"`}}},
			{Name: "a series needs its date", Req: webtest.Request{Method: "GET", Path: path, Role: viewer}, Want: webtest.Want{Status: 422, Field: "occurrence"}},
			{Name: "a single session needs none", Req: webtest.Request{Method: "GET", Path: fmt.Sprintf("/api/v1/sessions/%d/attendance", one.ID), Role: viewer},
				Want: webtest.Want{Status: 200, Body: []string{`"registered":0`, `"people":[]`}}},
			{Name: "remove", Req: webtest.Request{Method: "DELETE", Path: fmt.Sprintf("%s/%d?occurrence=%s", path, grace.ID, feb), Role: manager},
				Want: webtest.Want{Status: http.StatusNoContent}},
			{Name: "remove again", Req: webtest.Request{Method: "DELETE", Path: fmt.Sprintf("%s/%d?occurrence=%s", path, grace.ID, feb), Role: manager},
				Want: webtest.Want{Status: 404}},
			{Name: "remove a member that is no id", Req: webtest.Request{Method: "DELETE", Path: path + "/ada?occurrence=" + feb, Role: manager},
				Want: webtest.Want{Status: 404}},
		})
	})
}

func TestAttendanceMatchesSchema(t *testing.T) {
	t.Parallel()
	env := webtest.New(t, storetest.Dialects()[0])
	doc := openAPIDoc(t, env)
	p, err := env.App.Programming.CreateProgramme(env.Ctx, programming.ProgrammeInput{Kind: programming.CommunityCall, Title: "Call"})
	if err != nil {
		t.Fatal(err)
	}
	x, err := env.App.Programming.CreateSession(env.Ctx, p.ID, programming.SessionInput{Start: "2026-01-06T16:00", End: "2026-01-06T17:00",
		TimeZone: "Europe/Berlin", RRule: "FREQ=MONTHLY;BYDAY=1TU"})
	if err != nil {
		t.Fatal(err)
	}
	ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace"})
	rec := env.Do(t, webtest.Request{Method: "POST", Path: fmt.Sprintf("/api/v1/sessions/%d/attendance", x.ID), Role: manager,
		JSON: map[string]any{"occurrence": "2026-02-03T16:00", "member_id": ada.ID, "attended": "yes"}})
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var body any
	webtest.DecodeJSON(t, rec, &body)
	conform(t, doc, "Attendance", map[string]any{"$ref": "#/components/schemas/Attendance"}, body)
}
