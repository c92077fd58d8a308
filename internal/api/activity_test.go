package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// ndjson is the header of a JSON Lines request.
var ndjson = http.Header{"Content-Type": {"application/x-ndjson"}}

// counts checks a batch's answer.
func counts(created, existing int) func(t *testing.T, body map[string]any) {
	return func(t *testing.T, body map[string]any) {
		t.Helper()
		if id(body["created"]) != int64(created) || id(body["existing"]) != int64(existing) {
			t.Errorf("answer %v, want created %d, existing %d", body, created, existing)
		}
	}
}

func TestActivityIngest(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada", Emails: []members.Email{{Address: "ada@example.org", Primary: true}}})
		one := fmt.Sprintf(`{"member_id": %d, "kind": "gave_talk", "occurred_at": "2026-03-01T10:00:00Z", "source": "github", "external_id": "t1", "title": "Ontologies", "url": "https://example.org/t1"}`, ada.ID)
		arr := `[{"member_email": "Ada@Example.org", "kind": "answered_question", "occurred_at": "2026-03-02T10:00:00+01:00", "source": "discourse", "external_id": "a1"},
			{"member_email": "ada@example.org", "kind": "asked_question", "occurred_at": "2026-03-03T10:00:00Z", "source": "discourse", "external_id": "a2"}]`
		lines := strings.ReplaceAll(arr[1:len(arr)-1], "},\n", "}\n") + "\n"
		lines = strings.Replace(lines, `"a1"`, `"l1"`, 1)
		future := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
		refused := fmt.Sprintf("{\"member_id\": %d, \"kind\": \"gave_talk\", \"occurred_at\": \"2026-03-04T10:00:00Z\", \"external_id\": \"new\"}\n"+
			"{\"member_email\": \"nobody@example.org\", \"kind\": \"gave_talk\", \"occurred_at\": \"2026-03-04T10:00:00Z\"}\n"+
			"{\"member_id\": %d, \"kind\": \"gave_talk\", \"occurred_at\": %q}\n"+
			"{\"member_id\": %d, \"kind\": \"juggling\", \"occurred_at\": \"2026-03-04T10:00:00Z\"}\n"+
			"{\"member_id\": %d, \"kind\": \"gave_talk\", \"occurred_at\": \"2026-03-04T10:00:00Z\", \"url\": \"javascript:alert(1)\"}\n"+
			"\n{\"member_id\": %d, \"kind\": \"gave_talk\",\n", ada.ID, ada.ID, future, ada.ID, ada.ID, ada.ID)
		checkItems := func(want ...string) func(t *testing.T, body map[string]any) {
			return func(t *testing.T, body map[string]any) {
				t.Helper()
				var got []string
				for _, it := range list(t, body["error"].(map[string]any), "items") {
					got = append(got, fmt.Sprintf("%v/%v/%v", it["index"], it["line"], it["field"]))
				}
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("items %v, want %v (body %v)", got, want, body)
				}
			}
		}
		post := func(body string, h http.Header) webtest.Request {
			return webtest.Request{Method: "POST", Path: "/api/v1/activities", Role: manager, JSON: body, Header: h}
		}
		viewerPost := post(one, nil)
		viewerPost.Role = viewer
		webtest.Run(t, env, []webtest.Case{
			{Name: "viewer cannot post", Req: viewerPost, Want: webtest.Want{Status: http.StatusForbidden, Code: apperr.Forbidden}},
			{Name: "one object", Req: post(one, nil), Want: webtest.Want{Status: http.StatusOK, CheckJSON: counts(1, 0)}},
			{Name: "one object again", Req: post(one, nil), Want: webtest.Want{Status: http.StatusOK, CheckJSON: counts(0, 1)}},
			{Name: "array", Req: post(arr, nil), Want: webtest.Want{Status: http.StatusOK, CheckJSON: counts(2, 0)}},
			{Name: "array again", Req: post(arr, nil), Want: webtest.Want{Status: http.StatusOK, CheckJSON: counts(0, 2)}},
			{Name: "json lines", Req: post(lines, ndjson), Want: webtest.Want{Status: http.StatusOK, CheckJSON: counts(1, 1)}},
			{Name: "all or nothing", Req: post(refused, ndjson), Want: webtest.Want{Status: http.StatusUnprocessableEntity, Code: apperr.Invalid,
				CheckJSON: checkItems("1/2/member_email", "2/3/occurred_at", "3/4/kind", "4/5/url", "5/7/<nil>")}},
			{Name: "nothing kept", Req: webtest.Request{Method: "GET", Path: fmt.Sprintf("/api/v1/activities?member_id=%d&limit=10", ada.ID), Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: func(t *testing.T, body map[string]any) {
					if n := len(list(t, body, "activities")); n != 4 {
						t.Errorf("%d activities, want 4", n)
					}
				}}},
			{Name: "array broken", Req: post(`[{"member_id": 1}, {"kind": `, nil), Want: webtest.Want{Status: http.StatusUnprocessableEntity, Code: apperr.Invalid}},
			{Name: "empty", Req: post(` `, nil), Want: webtest.Want{Status: http.StatusUnprocessableEntity, Code: apperr.Invalid}},
			{Name: "empty array", Req: post(`[]`, nil), Want: webtest.Want{Status: http.StatusUnprocessableEntity, Code: apperr.Invalid}},
			{Name: "filter by source and time", Req: webtest.Request{Method: "GET", Path: "/api/v1/activities?source=discourse&from=2026-03-02&to=2026-03-02", Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`"external_id":"a1"`}, Absent: []string{`"a2"`}}},
			{Name: "bad filter", Req: webtest.Request{Method: "GET", Path: "/api/v1/activities?from=yesterday", Role: viewer},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Code: apperr.Invalid, Field: "from"}},
			{Name: "kinds", Req: webtest.Request{Method: "GET", Path: "/api/v1/activity-kinds", Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, Body: []string{`"key":"hosted_session"`, `"mode":"co_create"`}}},
		})
	})
}
