package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/config"
	"github.com/trellis-community/trellis/internal/demo"
	"github.com/trellis-community/trellis/internal/store/storetest"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

func TestLogin(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		tests := []struct {
			name         string
			form         url.Values
			wantStatus   int
			wantLocation string
			wantBody     string
			wantCookie   bool
		}{
			{"right password", url.Values{"email": {"manager@example.org"}, "password": {webtest.Password}}, 303, "/", "", true},
			{"email in capitals", url.Values{"email": {"MANAGER@example.org"}, "password": {webtest.Password}}, 303, "/", "", true},
			{"goes on to next", url.Values{"email": {"viewer@example.org"}, "password": {webtest.Password}, "next": {"/members?q=ada"}}, 303, "/members?q=ada", "", true},
			{"never off-site", url.Values{"email": {"viewer@example.org"}, "password": {webtest.Password}, "next": {"//evil.example/x"}}, 303, "/", "", true},
			{"wrong password", url.Values{"email": {"owner@example.org"}, "password": {"nope nope nope"}}, 401, "", "Email or password is incorrect", false},
			{"unknown email", url.Values{"email": {"nobody@example.org"}, "password": {webtest.Password}}, 401, "", "Email or password is incorrect", false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rec := env.Do(t, webtest.Request{Method: "POST", Path: "/login", Form: tt.form})
				if rec.Code != tt.wantStatus {
					t.Fatalf("status %d, want %d: %s", rec.Code, tt.wantStatus, rec.Body.String())
				}
				if loc := rec.Header().Get("Location"); loc != tt.wantLocation {
					t.Errorf("Location %q, want %q", loc, tt.wantLocation)
				}
				if !strings.Contains(rec.Body.String(), tt.wantBody) {
					t.Errorf("body lacks %q", tt.wantBody)
				}
				var session *http.Cookie
				for _, c := range rec.Result().Cookies() {
					if c.Name == "trellis_session" {
						session = c
					}
				}
				if (session != nil) != tt.wantCookie {
					t.Fatalf("session cookie set = %v, want %v", session != nil, tt.wantCookie)
				}
				if session != nil && (!session.HttpOnly || !session.Secure || session.SameSite != http.SameSiteLaxMode) {
					t.Errorf("session cookie must be HttpOnly, Secure and SameSite=Lax: %+v", session)
				}
				if tt.wantStatus == 401 && strings.Contains(rec.Body.String(), "nope nope nope") {
					t.Error("the password was echoed back into the page")
				}
			})
		}
	})
}

// TestLoginIsRateLimited: someone who knows the owner's email address and
// guesses wrong from one machine is refused there with 429 and
// Retry-After, and cannot lock the owner out of another machine. Both
// machines are behind the trusted proxy, as in most deployments.
func TestLoginIsRateLimited(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		now := webtest.Now
		env.App.Accounts.Now = func() time.Time { return now }
		const attacker, owner = "198.51.100.66", "203.0.113.5"
		login := func(from, password string) *httptest.ResponseRecorder {
			return env.Do(t, webtest.Request{Method: "POST", Path: "/login",
				Form:   url.Values{"email": {"owner@example.org"}, "password": {password}},
				Header: http.Header{"X-Forwarded-For": {from}}})
		}
		tests := []struct {
			name       string
			advance    time.Duration
			from       string
			password   string
			wantStatus int
			retryAfter string
			wantBody   string
		}{
			{"1st wrong guess", 0, attacker, "wrong password!", 401, "", "Email or password is incorrect"},
			{"2nd wrong guess", 0, attacker, "wrong password!", 401, "", ""},
			{"3rd wrong guess", 0, attacker, "wrong password!", 401, "", ""},
			{"4th wrong guess", 0, attacker, "wrong password!", 401, "", ""},
			{"5th wrong guess", 0, attacker, "wrong password!", 401, "", ""},
			{"the guesser's machine is blocked, right password or not", 0, attacker, webtest.Password, 429, "900", "Please wait 15 minutes"},
			{"the owner's machine waits a second", 0, owner, webtest.Password, 429, "1", "Please wait 1 second"},
			{"and then the owner is in", time.Second, owner, webtest.Password, 303, "", ""},
			{"the guesser keeps trying", time.Minute, attacker, "wrong password!", 429, "839", "Please wait 14 minutes"},
			{"which does not stop the owner", 0, owner, webtest.Password, 303, "", ""},
		}
		for _, tt := range tests {
			now = now.Add(tt.advance)
			rec := login(tt.from, tt.password)
			if rec.Code != tt.wantStatus {
				t.Fatalf("%s: status %d, want %d: %s", tt.name, rec.Code, tt.wantStatus, rec.Body.String())
			}
			if got := rec.Header().Get("Retry-After"); got != tt.retryAfter {
				t.Errorf("%s: Retry-After %q, want %q", tt.name, got, tt.retryAfter)
			}
			if !strings.Contains(rec.Body.String(), tt.wantBody) {
				t.Errorf("%s: page lacks %q", tt.name, tt.wantBody)
			}
		}
	}, func(c *config.Config) { c.TrustedProxies = "192.0.2.10" })
}

func TestLogoutEndsTheSession(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		if rec := env.Do(t, webtest.Request{Method: "GET", Path: "/settings", Role: accounts.RoleViewer}); rec.Code != 200 {
			t.Fatalf("before logout: status %d", rec.Code)
		}
		rec := env.Do(t, webtest.Request{Method: "POST", Path: "/logout", Role: accounts.RoleViewer, Form: url.Values{}})
		if rec.Code != 303 || rec.Header().Get("Location") != "/login" {
			t.Fatalf("logout: status %d to %q", rec.Code, rec.Header().Get("Location"))
		}
		rec = env.Do(t, webtest.Request{Method: "GET", Path: "/settings", Role: accounts.RoleViewer})
		if rec.Code != 303 || !strings.HasPrefix(rec.Header().Get("Location"), "/login") {
			t.Fatalf("after logout: status %d to %q, want a redirect to /login", rec.Code, rec.Header().Get("Location"))
		}
	})
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	env := webtest.New(t, storetest.Dialects()[0])
	for _, path := range []string{"/login", "/healthz", "/static/app.css", "/no-such-page"} {
		rec := env.Do(t, webtest.Request{Method: "GET", Path: path})
		h := rec.Header()
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: Content-Security-Policy %q must allow only our own scripts", path, csp)
		}
		for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"} {
			if got := h.Get(k); got != want {
				t.Errorf("%s: %s = %q, want %q", path, k, got, want)
			}
		}
	}
}

func TestNoInlineScriptOrStyleInPages(t *testing.T) {
	t.Parallel()
	env := webtest.New(t, storetest.Dialects()[0])
	for _, path := range []string{"/login", "/", "/settings", "/settings/users", "/audit", "/members"} {
		rec := env.Do(t, webtest.Request{Method: "GET", Path: path, Role: accounts.RoleOwner})
		body := strings.ToLower(rec.Body.String())
		for _, bad := range []string{"<script>", "style=\"", " onclick=", " onload=", "<style"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s contains %q, which the Content-Security-Policy would block", path, bad)
			}
		}
	}
}

func TestLoginPageHelpsOnAnEmptyDatabase(t *testing.T) {
	t.Parallel()
	env := webtest.New(t, storetest.Dialects()[0])
	rec := env.Do(t, webtest.Request{Method: "GET", Path: "/login"})
	if strings.Contains(rec.Body.String(), "no team accounts yet") {
		t.Fatal("the hint shows although accounts exist")
	}
	for _, u := range env.Users {
		if _, err := env.App.DB.Exec(env.Ctx, "DELETE FROM users WHERE id = ?", u.ID); err != nil {
			t.Fatal(err)
		}
	}
	rec = env.Do(t, webtest.Request{Method: "GET", Path: "/login"})
	if !strings.Contains(rec.Body.String(), "no team accounts yet") || !strings.Contains(rec.Body.String(), "trellis user add") {
		t.Fatalf("an empty database's login page does not say how to create the first account:\n%s", rec.Body.String())
	}
}

// TestLoginRateLimitBehindAProxy: behind a load balancer every request
// comes from the balancer. With it trusted, the limit follows the real
// client, so one person guessing does not lock out the whole team.
func TestLoginRateLimitBehindAProxy(t *testing.T) {
	t.Parallel()
	env := webtest.New(t, storetest.Dialects()[0], func(c *config.Config) {
		c.TrustedProxies = "192.0.2.0/24" // webtest requests come from 192.0.2.10
	})
	from := func(ip string) http.Header { return http.Header{"X-Forwarded-For": {ip}} }
	for i := 0; i < 20; i++ {
		bad := url.Values{"email": {fmt.Sprintf("guess%d@example.org", i)}, "password": {"not the password"}}
		if rec := env.Do(t, webtest.Request{Method: "POST", Path: "/login", Form: bad, Header: from("203.0.113.66")}); rec.Code != 401 {
			t.Fatalf("guess %d: status %d, want 401", i+1, rec.Code)
		}
	}
	good := url.Values{"email": {"owner@example.org"}, "password": {webtest.Password}}
	if rec := env.Do(t, webtest.Request{Method: "POST", Path: "/login", Form: good, Header: from("203.0.113.66")}); rec.Code != http.StatusTooManyRequests {
		t.Fatalf("the guessing client: status %d, want 429", rec.Code)
	}
	if rec := env.Do(t, webtest.Request{Method: "POST", Path: "/login", Form: good, Header: from("203.0.113.7")}); rec.Code != http.StatusSeeOther {
		t.Fatalf("a colleague behind the same balancer: status %d, want 303", rec.Code)
	}
}

// TestNoStore: the login form and every page or API answer with personal
// data must not be kept by a browser or a proxy; the embedded assets may.
func TestNoStore(t *testing.T) {
	t.Parallel()
	env := webtest.New(t, storetest.Dialects()[0])
	tests := []struct {
		req  webtest.Request
		want string
	}{
		{webtest.Request{Method: "GET", Path: "/login"}, "no-store"},
		{webtest.Request{Method: "POST", Path: "/login", Form: url.Values{"email": {"owner@example.org"}, "password": {"not it at all"}}}, "no-store"},
		// The redirect that sets the session cookie.
		{webtest.Request{Method: "POST", Path: "/login", Form: url.Values{"email": {"viewer@example.org"}, "password": {webtest.Password}}}, "no-store"},
		{webtest.Request{Method: "GET", Path: "/members", Role: accounts.RoleViewer}, "no-store"},
		{webtest.Request{Method: "GET", Path: "/settings", Role: accounts.RoleViewer}, "no-store"},
		{webtest.Request{Method: "GET", Path: "/api/v1/members", Role: accounts.RoleViewer}, "no-store"},
		{webtest.Request{Method: "GET", Path: "/api/v1/me", Role: accounts.RoleViewer}, "no-store"},
		{webtest.Request{Method: "GET", Path: "/static/app.css"}, "public, max-age=3600"},
	}
	for _, tt := range tests {
		rec := env.Do(t, tt.req)
		if got := rec.Header().Get("Cache-Control"); got != tt.want {
			t.Errorf("%s %s: Cache-Control %q, want %q", tt.req.Method, tt.req.Path, got, tt.want)
		}
	}
}

// TestLoginPageDemoLogin: under serve --demo the login page gives the demo
// login, also after a failed attempt; on any other instance it never does.
func TestLoginPageDemoLogin(t *testing.T) {
	t.Parallel()
	for _, isDemo := range []bool{false, true} {
		env := webtest.New(t, storetest.Dialects()[0], func(c *config.Config) { c.Demo = isDemo })
		for _, req := range []webtest.Request{
			{Method: "GET", Path: "/login"},
			{Method: "POST", Path: "/login", Form: url.Values{"email": {"owner@example.org"}, "password": {"not it at all"}}},
		} {
			body := env.Do(t, req).Body.String()
			for _, s := range []string{demo.DemoEmail, demo.DemoPassword} {
				if strings.Contains(body, s) != isDemo {
					t.Errorf("demo=%v, %s /login: page shows %q = %v", isDemo, req.Method, s, !isDemo)
				}
			}
		}
	}
}
