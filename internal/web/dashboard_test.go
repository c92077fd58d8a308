package web_test

import (
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestDashboard(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Affiliation: "Analytical Society"})
		grace := webtest.AddMember(t, env, members.Member{Name: "Grace Hopper", Affiliation: "Navy Lab"})
		if _, err := env.App.Relationships.SetKeyMember(env.Ctx, ada.ID, relationships.Monthly,
			[]int64{webtest.Group(t, env, "Funders").ID}, "Funds the spring school"); err != nil {
			t.Fatal(err)
		}
		webtest.MakeKeyMember(t, env, grace.ID, relationships.Fortnightly)
		// Ada: 40 days ago on a monthly cadence, 10 days past it.
		webtest.LogInteraction(t, env, "2026-01-29", relationships.Meeting, "Grant chat", ada.ID)
		// Grace: 10 days ago every two weeks, next due Sat 14 Mar.
		webtest.LogInteraction(t, env, "2026-02-28", relationships.Call, "Coffee call", grace.ID)
		manager := env.Users[accounts.RoleManager].ID
		late := webtest.AddFollowUp(t, env, "Send the slides", "2026-03-06", manager, ada.ID)
		webtest.AddFollowUp(t, env, "Call back about the board", "2026-03-10", 0, grace.ID)

		common := []string{
			"Tue 10 Mar 2026",
			"1 follow-up overdue, 1 due today, 2 key members to reach out to this week.",
			"Send the slides", "4 days overdue", "Manager User",
			"Call back about the board", "due today", "whole team",
			"10 days past cadence", "Funders", "last contact 40 days ago", "monthly",
			"due Sat 14 Mar 2026", "every 2 weeks",
			"Grant chat", "Coffee call",
			// Why a key member matters, beside the nudge to reach out.
			`<p class="key-note">Funds the spring school</p>`,
			// The warmth of every key member is one link away, not here.
			`<a href="/key-members">All key members and their warmth</a>`,
			"2 people</strong> joined this month",
		}
		notOnDashboard := []string{"Relationship warmth", "contacted within their cadence, and over the past year"}
		tests := []struct {
			name string
			role accounts.Role
			want webtest.Want
		}{
			{"manager sees actions", accounts.RoleManager, webtest.Want{Status: 200,
				Body: append(common,
					`action="/followups/`+webtest.ID(late.ID)+`/complete"`,
					`action="/followups/`+webtest.ID(late.ID)+`/snooze"`,
					`href="/interactions/new?member=`+webtest.ID(ada.ID)+`"`),
				Absent: notOnDashboard,
			}},
			{"viewer sees no write buttons", accounts.RoleViewer, webtest.Want{Status: 200,
				Body:   common,
				Absent: append([]string{"/complete", "/snooze", "/interactions/new", "/followups/new"}, notOnDashboard...),
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rec := env.Do(t, webtest.Request{Method: "GET", Path: "/", Role: tt.role})
				webtest.Check(t, rec, tt.want)
			})
		}
	})
}

func TestDashboardEmpty(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		tests := []struct {
			role accounts.Role
			want webtest.Want
		}{
			{accounts.RoleManager, webtest.Want{Status: 200, Body: []string{
				"Nothing is due today, and every key member is within their cadence this week.",
				"No interactions yet.", "Log the first one", "No key members yet.",
				"Nobody has joined this month yet.",
			}}},
			{accounts.RoleViewer, webtest.Want{Status: 200,
				Body:   []string{"No interactions yet.", "No key members yet."},
				Absent: []string{"Log the first one", "/interactions/new"},
			}},
		}
		for _, tt := range tests {
			t.Run(string(tt.role), func(t *testing.T) {
				webtest.Check(t, env.Do(t, webtest.Request{Method: "GET", Path: "/", Role: tt.role}), tt.want)
			})
		}
	})
}

// TestDashboardSnoozeAndComplete presses the dashboard's buttons: each
// comes back to the dashboard and really changes the follow-up.
func TestDashboardSnoozeAndComplete(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		f := webtest.AddFollowUp(t, env, "Send the slides", "2026-03-06", 0, 0)
		rec := env.Do(t, webtest.Request{Method: "POST", Path: "/followups/" + webtest.ID(f.ID) + "/snooze",
			Role: accounts.RoleManager, Form: map[string][]string{"days": {"7"}, "back": {"/"}}})
		webtest.Check(t, rec, webtest.Want{Status: 303, Location: "/", FlashHas: "success: Snoozed until Tue 17 Mar 2026: Send the slides."})
		got, err := env.App.Relationships.GetFollowUp(env.Ctx, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.DueOn != "2026-03-17" || got.SnoozeCount != 1 {
			t.Fatalf("after snooze: due %s, snoozed %d times; want 2026-03-17, 1", got.DueOn, got.SnoozeCount)
		}

		rec = env.Do(t, webtest.Request{Method: "POST", Path: "/followups/" + webtest.ID(f.ID) + "/complete",
			Role: accounts.RoleManager, Form: map[string][]string{"back": {"/"}}})
		webtest.Check(t, rec, webtest.Want{Status: 303, Location: "/", FlashHas: "success: Done: Send the slides."})
		if got, _ := env.App.Relationships.GetFollowUp(env.Ctx, f.ID); got.Status != relationships.Done {
			t.Fatalf("status %q after Complete, want done", got.Status)
		}
	})
}
