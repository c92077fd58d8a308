package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// TestErrorSummary: a form sent back with errors opens with a summary that
// takes focus and links each problem to its field, in form order.
func TestErrorSummary(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ada := webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace"})
		tests := []struct {
			name  string
			path  string
			form  url.Values
			links []string // in this order
		}{
			{"new member", "/members", url.Values{"name": {""}, "orcid": {"12"}, "joined_on": {"soon"}},
				[]string{`<a href="#f-name">Name: `, `<a href="#f-orcid">ORCID iD: `, `<a href="#f-joined_on">Joined on: `}},
			{"interaction", "/interactions", url.Values{"summary": {""}},
				[]string{`<a href="#f-channel">How you talked: `, `<a href="#f-members">Members who took part: `, `<a href="#f-summary">Summary: `}},
			{"follow-up", "/followups", url.Values{"what": {""}, "due_on": {"soon"}},
				[]string{`<a href="#f-what">What to do: `, `<a href="#f-due_on">Due: `}},
			{"key member", "/members/" + webtest.ID(ada.ID) + "/key", url.Values{"cadence": {"custom"}, "custom_days": {"0"}},
				[]string{`<a href="#f-cadence_days">Cadence: `}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rec := env.Do(t, webtest.Request{Method: "POST", Path: tt.path, Role: accounts.RoleManager, Form: tt.form})
				body := rec.Body.String()
				if rec.Code != http.StatusUnprocessableEntity {
					t.Fatalf("status %d, want 422", rec.Code)
				}
				if !strings.Contains(body, `<div class="error-summary" id="error-summary" role="alert" tabindex="-1" autofocus`) {
					t.Fatalf("no focused error summary:\n%s", body)
				}
				at := strings.Index(body, `id="error-summary"`)
				for _, l := range tt.links {
					i := strings.Index(body[at:], l)
					if i < 0 {
						t.Fatalf("summary lacks %q after the previous link:\n%s", l, body[at:min(len(body), at+2000)])
					}
					at += i
				}
			})
		}
	})
}
