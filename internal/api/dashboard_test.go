package api_test

import (
	"net/http"
	"testing"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// webtest.Now is 2026-03-10 10:00 UTC: "today" below is 2026-03-10.

func TestDashboard(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", JoinedOn: "2026-03-02"})
		rel := env.App.Relationships
		if _, err := rel.SetKeyMember(env.Ctx, ada.ID, 14, nil, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := rel.LogInteraction(env.Ctx, relationships.InteractionInput{OccurredOn: "2026-02-01",
			Channel: relationships.Call, Summary: "Catch-up", MemberIDs: []int64{ada.ID},
			FollowUp: &relationships.FollowUpInput{What: "Send minutes", DueOn: "2026-02-05"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := rel.CreateFollowUp(env.Ctx, relationships.FollowUpInput{What: "Call Ada", DueOn: "2026-03-10"}); err != nil {
			t.Fatal(err)
		}
		webtest.Run(t, env, []webtest.Case{
			{
				Name: "dashboard",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/dashboard", Role: viewer},
				Want: webtest.Want{Status: http.StatusOK, CheckJSON: func(t *testing.T, b map[string]any) {
					if b["today"] != "2026-03-10" {
						t.Errorf("today = %v", b["today"])
					}
					for key, want := range map[string]string{"due_today": "Call Ada", "overdue": "Send minutes"} {
						if got := list(t, b, key); len(got) != 1 || got[0]["what"] != want {
							t.Errorf("%s = %v, want %q", key, got, want)
						}
					}
					if got := list(t, b, "past_cadence"); len(got) != 1 || id(got[0]["member_id"]) != ada.ID {
						t.Errorf("past_cadence = %v", got)
					}
					if got := list(t, b, "recent"); len(got) != 1 || got[0]["summary"] != "Catch-up" {
						t.Errorf("recent = %v", got)
					}
					if got := list(t, b, "new_members"); len(got) != 1 || b["new_members_count"] != float64(1) {
						t.Errorf("new_members = %v (%v)", got, b["new_members_count"])
					}
					list(t, b, "due_this_week")
					p, _ := b["participation"].(map[string]any)
					lists, _ := p["lists"].([]any)
					if len(lists) != 3 || p["this_month"] == nil || p["last_month"] == nil || p["rollup"] == nil {
						t.Errorf("participation = %v, want this and last month, three lists and the roll-up's status", p)
					}
					for _, l := range lists {
						l, _ := l.(map[string]any)
						if first, _ := l["first"].([]any); l["count"] != float64(len(first)) {
							t.Errorf("list %v: count %v, first %v", l["name"], l["count"], first)
						}
					}
					if _, ok := b["key_members"]; ok || b["key_members_count"] != float64(1) || b["overdue_count"] != float64(1) {
						t.Errorf("key_members %v, key_members_count %v, overdue_count %v: want only the counts, 1 and 1",
							b["key_members"], b["key_members_count"], b["overdue_count"])
					}
				}},
			},
		})
	})
}
