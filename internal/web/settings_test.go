package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestSettingsTokens(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		rec := env.Do(t, webtest.Request{Method: "POST", Path: "/settings/tokens", Role: accounts.RoleViewer, Form: url.Values{"name": {"newsletter sync"}}})
		if rec.Code != 201 {
			t.Fatalf("create token: status %d", rec.Code)
		}
		token := regexp.MustCompile(`<code class="token">([^<]+)</code>`).FindStringSubmatch(rec.Body.String())
		if token == nil {
			t.Fatal("the new token is not shown on the page")
		}
		u, err := env.App.Accounts.TokenUser(env.Ctx, token[1])
		if err != nil || u.ID != env.Users[accounts.RoleViewer].ID {
			t.Fatalf("the shown token does not work: %v", err)
		}
		// Shown once: the settings page does not show it again.
		rec = env.Do(t, webtest.Request{Method: "GET", Path: "/settings", Role: accounts.RoleViewer})
		if strings.Contains(rec.Body.String(), token[1]) {
			t.Fatal("the token is shown a second time")
		}
		tokens, _ := env.App.Accounts.ListTokens(env.Ctx, u.ID)
		var id int64
		for _, tk := range tokens {
			if tk.Name == "newsletter sync" {
				id = tk.ID
			}
		}
		// Someone else cannot revoke it.
		rec = env.Do(t, webtest.Request{Method: "POST", Path: "/settings/tokens/" + webtest.ID(id) + "/revoke", Role: accounts.RoleManager, Form: url.Values{}})
		if rec.Code != 404 {
			t.Fatalf("revoking another user's token: status %d, want 404", rec.Code)
		}
		rec = env.Do(t, webtest.Request{Method: "POST", Path: "/settings/tokens/" + webtest.ID(id) + "/revoke", Role: accounts.RoleViewer, Form: url.Values{}})
		if rec.Code != 303 {
			t.Fatalf("revoke: status %d", rec.Code)
		}
		if _, err := env.App.Accounts.TokenUser(env.Ctx, token[1]); err == nil {
			t.Fatal("a revoked token still works")
		}
	})
}

func TestSettingsPassword(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		tests := []struct {
			name      string
			form      url.Values
			want      int
			wantField string
		}{
			{"wrong current", url.Values{"current": {"not it at all"}, "password": {"a brand new passphrase"}, "confirm": {"a brand new passphrase"}}, 422, "This is not your current password."},
			{"confirmation differs", url.Values{"current": {webtest.Password}, "password": {"a brand new passphrase"}, "confirm": {"another passphrase"}}, 422, "The two new passwords differ."},
			{"too short", url.Values{"current": {webtest.Password}, "password": {"short"}, "confirm": {"short"}}, 422, "10"},
			{"changed", url.Values{"current": {webtest.Password}, "password": {"a brand new passphrase"}, "confirm": {"a brand new passphrase"}}, 303, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rec := env.Do(t, webtest.Request{Method: "POST", Path: "/settings/password", Role: accounts.RoleManager, Form: tt.form})
				if rec.Code != tt.want {
					t.Fatalf("status %d, want %d: %s", rec.Code, tt.want, rec.Body.String())
				}
				if tt.want == 303 {
					fresh := false
					for _, c := range rec.Result().Cookies() {
						if c.Name == "trellis_session" && c.Value != "" {
							_, err := env.App.Accounts.SessionUser(env.Ctx, c.Value)
							fresh = err == nil
						}
					}
					if !fresh {
						t.Fatal("the browser that changed the password was not given a working new session")
					}
				}
				if !strings.Contains(rec.Body.String(), tt.wantField) {
					t.Errorf("page lacks %q", tt.wantField)
				}
			})
		}
		if _, err := env.App.Accounts.Login(env.Ctx, "manager@example.org", "a brand new passphrase", "192.0.2.1"); err != nil {
			t.Fatalf("the new password does not work: %v", err)
		}
		// The old session is gone (a stolen cookie dies with the old
		// password); the browser that made the change got a new one.
		rec := env.Do(t, webtest.Request{Method: "GET", Path: "/settings", Role: accounts.RoleManager})
		if rec.Code != 303 {
			t.Fatalf("the session from before the change still works: status %d", rec.Code)
		}
	})
}

func TestSettingsUsers(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		add := url.Values{"name": {"Noor Haddad"}, "email": {"noor@example.org"}, "role": {"manager"}, "password": {"a long first password"}}
		rec := env.Do(t, webtest.Request{Method: "POST", Path: "/settings/users", Role: accounts.RoleOwner, Form: add})
		if rec.Code != 303 {
			t.Fatalf("add: status %d: %s", rec.Code, rec.Body.String())
		}
		rec = env.Do(t, webtest.Request{Method: "POST", Path: "/settings/users", Role: accounts.RoleOwner, Form: add})
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), `value="Noor Haddad"`) {
			t.Fatalf("duplicate email: status %d, want 422 with the input kept", rec.Code)
		}
		if strings.Contains(rec.Body.String(), "a long first password") {
			t.Fatal("the password was echoed back into the page")
		}
		u, err := env.App.Accounts.UserByEmail(env.Ctx, "noor@example.org")
		if err != nil {
			t.Fatal(err)
		}
		rec = env.Do(t, webtest.Request{Method: "POST", Path: "/settings/users/" + webtest.ID(u.ID) + "/role", Role: accounts.RoleOwner, Form: url.Values{"role": {"viewer"}}})
		if rec.Code != 303 {
			t.Fatalf("role: status %d", rec.Code)
		}
		rec = env.Do(t, webtest.Request{Method: "POST", Path: "/settings/users/" + webtest.ID(u.ID) + "/disable", Role: accounts.RoleOwner, Form: url.Values{}})
		if rec.Code != 303 {
			t.Fatalf("disable: status %d", rec.Code)
		}
		u, _ = env.App.Accounts.GetUser(env.Ctx, u.ID)
		if u.Role != accounts.RoleViewer || u.DisabledAt == nil {
			t.Fatalf("after changes: %+v", u)
		}
		// The last owner cannot be demoted.
		owner := env.Users[accounts.RoleOwner]
		rec = env.Do(t, webtest.Request{Method: "POST", Path: "/settings/users/" + webtest.ID(owner.ID) + "/role", Role: accounts.RoleOwner, Form: url.Values{"role": {"viewer"}}})
		if rec.Code != 409 {
			t.Fatalf("demoting the last owner: status %d, want 409", rec.Code)
		}
		rec = env.Do(t, webtest.Request{Method: "GET", Path: "/audit", Role: accounts.RoleOwner})
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Owner User") {
			t.Fatalf("audit log: status %d, or it does not name who acted", rec.Code)
		}
	})
}

// TestSettingsPasswordTokens: the password change ends the person's other
// sessions always, and their API tokens and calendar subscription URLs
// only when they tick the box.
func TestSettingsPasswordTokens(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		tests := []struct {
			role        accounts.Role
			revoke      bool
			tokenStatus int
			flash       string
		}{
			{accounts.RoleManager, false, 200, "success: Your password is changed. Other devices have been logged out."},
			{accounts.RoleViewer, true, 401, "success: Your password is changed. Other devices have been logged out and your 2 tokens revoked."},
		}
		for _, tt := range tests {
			t.Run(string(tt.role), func(t *testing.T) {
				u := env.Users[tt.role]
				laptop, _, err := env.App.Accounts.CreateSession(env.Ctx, u.ID, "another device", "198.51.100.3")
				if err != nil {
					t.Fatal(err)
				}
				feed, _, err := env.App.Accounts.CreateFeedToken(env.Ctx, u.ID, "phone calendar")
				if err != nil {
					t.Fatal(err)
				}
				form := url.Values{"current": {webtest.Password}, "password": {"a brand new passphrase"}, "confirm": {"a brand new passphrase"}}
				if tt.revoke {
					form.Set("revoke_tokens", "1")
				}
				rec := env.Do(t, webtest.Request{Method: "POST", Path: "/settings/password", Role: tt.role, Form: form})
				if rec.Code != 303 {
					t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
				}
				if got := webtest.Flash(t, rec); got != tt.flash {
					t.Errorf("flash %q, want %q", got, tt.flash)
				}
				if _, err := env.App.Accounts.SessionUser(env.Ctx, laptop); err == nil {
					t.Error("the session on another device survived the change")
				}
				api := env.Do(t, webtest.Request{Method: "GET", Path: "/api/v1/me", Role: tt.role})
				if api.Code != tt.tokenStatus {
					t.Errorf("API token after the change: status %d, want %d", api.Code, tt.tokenStatus)
				}
				// A calendar subscription URL goes with the API tokens.
				if _, err := env.App.Accounts.FeedTokenUser(env.Ctx, feed); (err == nil) == tt.revoke {
					t.Errorf("calendar subscription URL after the change (revoke %v): err %v", tt.revoke, err)
				}
			})
		}
		// The form offers the choice.
		rec := env.Do(t, webtest.Request{Method: "GET", Path: "/settings", Role: accounts.RoleOwner})
		if !strings.Contains(rec.Body.String(), `name="revoke_tokens"`) || !strings.Contains(rec.Body.String(), "Also revoke my API tokens and calendar subscription URLs") {
			t.Error("the settings page does not offer to revoke API tokens")
		}
	})
}
