package web_test

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestInteractionList(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Affiliation: ""})
		grace := webtest.AddMember(t, env, members.Member{Name: "Grace Hopper", Affiliation: ""})
		webtest.LogInteraction(t, env, "2026-02-01", relationships.Email, "Old email to Ada", ada.ID)
		webtest.LogInteraction(t, env, "2026-03-01", relationships.Call, "Call with Grace", grace.ID)
		webtest.LogInteraction(t, env, "2026-03-05", relationships.Meeting, "Meeting with both", ada.ID, grace.ID)

		tests := []struct {
			name  string
			path  string
			role  accounts.Role
			want  webtest.Want
			order []string
		}{
			{"newest first", "/interactions", accounts.RoleViewer,
				webtest.Want{Status: 200, Absent: []string{"Log interaction", "Older"}},
				[]string{"Meeting with both", "Call with Grace", "Old email to Ada"}},
			{"by channel", "/interactions?channel=call", accounts.RoleViewer,
				webtest.Want{Status: 200, Body: []string{`<option value="call" selected>`}, Absent: []string{"Meeting with both", "Old email to Ada"}},
				[]string{"Call with Grace"}},
			{"by dates", "/interactions?from=2026-02-15&to=2026-03-02", accounts.RoleViewer,
				webtest.Want{Status: 200, Absent: []string{"Meeting with both", "Old email to Ada"}},
				[]string{"Call with Grace"}},
			{"one member's", "/interactions?member=" + webtest.ID(ada.ID), accounts.RoleManager,
				webtest.Want{Status: 200, Body: []string{"Interactions with Ada Lovelace", "/interactions/new?member=" + webtest.ID(ada.ID)}, Absent: []string{"Call with Grace"}},
				[]string{"Meeting with both", "Old email to Ada"}},
			{"nothing matches", "/interactions?channel=chat", accounts.RoleViewer,
				webtest.Want{Status: 200, Body: []string{"No interactions match these filters."}}, nil},
			{"unknown member", "/interactions?member=999999", accounts.RoleViewer, webtest.Want{Status: 404}, nil},
			{"bad date shown beside the filter", "/interactions?from=March", accounts.RoleViewer,
				webtest.Want{Status: 422, Body: []string{`id="e-from"`, "must be a date written YYYY-MM-DD", `value="March"`}}, nil},
			{"bad page marker", "/interactions?cursor=nonsense", accounts.RoleViewer,
				webtest.Want{Status: 422, Body: []string{"This page link is out of date"}}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rec := env.Do(t, webtest.Request{Method: "GET", Path: tt.path, Role: tt.role})
				webtest.Check(t, rec, tt.want)
				webtest.InOrder(t, rec.Body.String(), tt.order)
			})
		}
	})
}

func TestInteractionListEmpty(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		rec := env.Do(t, webtest.Request{Method: "GET", Path: "/interactions", Role: accounts.RoleManager})
		webtest.Check(t, rec, webtest.Want{Status: 200, Body: []string{"No interactions yet.", "Log the first one"}})
	})
}

// TestInteractionListPages walks the "Older" links through 30 interactions
// on 25-row pages: every interaction once, newest first.
func TestInteractionListPages(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Affiliation: ""})
		for i := 1; i <= 30; i++ {
			webtest.LogInteraction(t, env, fmt.Sprintf("2026-02-%02d", (i-1)%28+1), relationships.Call, fmt.Sprintf("Call number %02d", i), ada.ID)
		}
		summary := regexp.MustCompile(`Call number (\d\d)`)
		older := regexp.MustCompile(`<a href="([^"]+)">Older</a>`)
		seen := map[string]bool{}
		path, pages := "/interactions?channel=call", 0
		for path != "" {
			pages++
			rec := env.Do(t, webtest.Request{Method: "GET", Path: path, Role: accounts.RoleViewer})
			webtest.Check(t, rec, webtest.Want{Status: 200})
			body := rec.Body.String()
			for _, m := range summary.FindAllStringSubmatch(body, -1) {
				if seen[m[1]] {
					t.Fatalf("interaction %s shown twice", m[1])
				}
				seen[m[1]] = true
			}
			path = ""
			if m := older.FindStringSubmatch(body); m != nil {
				path = html.UnescapeString(m[1])
				if !strings.Contains(path, "channel=call") {
					t.Fatalf("Older link %q lost the filter", path)
				}
			}
		}
		if pages != 2 || len(seen) != 30 {
			t.Fatalf("%d pages showing %d interactions, want 2 pages and all 30", pages, len(seen))
		}
	})
}
