package web_test

import (
	"net/url"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestFollowUpActions(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		f := webtest.AddFollowUp(t, env, "Send the slides", "2026-03-08", 0, 0)
		path := "/followups/" + webtest.ID(f.ID)
		tests := []struct {
			name       string
			path       string
			form       url.Values
			want       webtest.Want
			wantStatus relationships.FollowUpStatus
			wantDue    string
		}{
			{"snooze until a date", path + "/snooze", url.Values{"until": {"2026-03-20"}, "back": {"/followups?status=overdue"}},
				webtest.Want{Status: 303, Location: "/followups?status=overdue", FlashHas: "success: Snoozed until Fri 20 Mar 2026: Send the slides."},
				relationships.Open, "2026-03-20"},
			{"snooze to a past date goes back with the reason", path + "/snooze", url.Values{"until": {"2026-03-01"}, "back": {"/followups"}},
				webtest.Want{Status: 303, Location: "/followups", FlashHas: "error: Could not snooze: the new due date must be after today"},
				relationships.Open, "2026-03-20"},
			{"complete, unsafe back ignored", path + "/complete", url.Values{"back": {"https://evil.example/"}},
				webtest.Want{Status: 303, Location: "/followups", FlashHas: "success: Done: Send the slides."},
				relationships.Done, "2026-03-20"},
			{"a done one cannot be snoozed", path + "/snooze", url.Values{"days": {"7"}, "back": {"/"}},
				webtest.Want{Status: 303, Location: "/", FlashHas: "error: This follow-up is done; reopen it before snoozing it."},
				relationships.Done, "2026-03-20"},
			{"reopen", path + "/reopen", url.Values{"back": {"/followups?status=done"}},
				webtest.Want{Status: 303, Location: "/followups?status=done", FlashHas: "success: Reopened: Send the slides."},
				relationships.Open, "2026-03-20"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				webtest.Check(t, env.Do(t, webtest.Request{Method: "POST", Path: tt.path, Role: accounts.RoleManager, Form: tt.form}), tt.want)
				got, err := env.App.Relationships.GetFollowUp(env.Ctx, f.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.Status != tt.wantStatus || got.DueOn != tt.wantDue {
					t.Fatalf("now %s, due %s; want %s, due %s", got.Status, got.DueOn, tt.wantStatus, tt.wantDue)
				}
			})
		}
		for _, action := range []string{"complete", "reopen", "snooze"} {
			rec := env.Do(t, webtest.Request{Method: "POST", Path: "/followups/999999/" + action, Role: accounts.RoleManager,
				Form: url.Values{"days": {"7"}}})
			webtest.Check(t, rec, webtest.Want{Status: 404})
		}
	})
}
