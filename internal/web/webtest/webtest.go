// Package webtest starts a real Trellis HTTP handler on a fresh database
// with one team user per role, so HTTP tests can be written as data:
// method, path, who asks, what is sent, what must come back. It is the one
// harness for the web pages and the JSON API: EachDialect gives a test a
// server per engine, Run and Check hold a response to a Want, and the
// fixtures set data up through the services.
package webtest

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/config"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
	"github.com/trellis-community/trellis/internal/web"
)

// Now is the fixed time every webtest server runs at.
var Now = time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)

// Password is every test user's password.
const Password = "correct horse battery staple"

// Env is a running server and its users.
type Env struct {
	App     *app.App
	Server  *web.Server
	Handler http.Handler
	Users   map[accounts.Role]accounts.User
	tokens  map[accounts.Role]string
	cookies map[accounts.Role]string
	// Ctx carries an audit actor, for setting up data through services.
	Ctx context.Context
}

// New starts a server on a fresh database of dialect d with an owner, a
// manager and a viewer, each logged in and holding an API token. Options
// may change the configuration first.
func New(tb testing.TB, d store.Dialect, options ...func(*config.Config)) *Env {
	tb.Helper()
	accounts.UseCheapHashing()
	db := storetest.Open(tb, d)
	cfg := config.Default()
	for _, o := range options {
		o(&cfg)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(cfg, db, time.UTC, log, func() time.Time { return Now })
	srv, err := web.New(a)
	if err != nil {
		tb.Fatal(err)
	}
	e := &Env{
		App: a, Server: srv, Handler: srv.Handler(),
		Users:   map[accounts.Role]accounts.User{},
		tokens:  map[accounts.Role]string{},
		cookies: map[accounts.Role]string{},
		Ctx:     audit.WithActor(context.Background(), audit.Actor{Name: "test"}),
	}
	for _, r := range []accounts.Role{accounts.RoleOwner, accounts.RoleManager, accounts.RoleViewer} {
		u, err := a.Accounts.CreateUser(e.Ctx, string(r)+"@example.org", strings.ToUpper(string(r[:1]))+string(r[1:])+" User", r, Password)
		if err != nil {
			tb.Fatalf("create %s: %v", r, err)
		}
		e.Users[r] = u
		tok, _, err := a.Accounts.CreateToken(e.Ctx, u.ID, "test")
		if err != nil {
			tb.Fatal(err)
		}
		e.tokens[r] = tok
		cookie, _, err := a.Accounts.CreateSession(e.Ctx, u.ID, "webtest", "127.0.0.1")
		if err != nil {
			tb.Fatal(err)
		}
		e.cookies[r] = cookie
	}
	return e
}

// Request is one HTTP request in a test table. Role "" is a logged-out
// visitor. Paths under /api/ authenticate with the role's bearer token,
// others with its session cookie. Form is sent url-encoded; JSON is
// marshalled (a string is sent as is).
type Request struct {
	Method    string
	Path      string
	Role      accounts.Role
	Form      url.Values
	JSON      any
	Header    http.Header
	CrossSite bool // send the headers a browser sends on a cross-site request
}

// Do runs r against the server and returns the response.
func (e *Env) Do(tb testing.TB, r Request) *httptest.ResponseRecorder {
	tb.Helper()
	var body io.Reader
	ctype := ""
	switch {
	case r.Form != nil:
		body = strings.NewReader(r.Form.Encode())
		ctype = "application/x-www-form-urlencoded"
	case r.JSON != nil:
		if s, ok := r.JSON.(string); ok {
			body = strings.NewReader(s)
		} else {
			b, err := json.Marshal(r.JSON)
			if err != nil {
				tb.Fatal(err)
			}
			body = strings.NewReader(string(b))
		}
		ctype = "application/json"
	}
	req := httptest.NewRequest(r.Method, r.Path, body)
	req.RemoteAddr = "192.0.2.10:4321"
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for k, vs := range r.Header {
		req.Header.Del(k) // a test's own Content-Type replaces the default
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	if r.Role != "" {
		if strings.HasPrefix(r.Path, "/api/") {
			req.Header.Set("Authorization", "Bearer "+e.tokens[r.Role])
		} else {
			req.AddCookie(&http.Cookie{Name: "trellis_session", Value: e.cookies[r.Role]})
		}
	}
	if r.CrossSite {
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.Header.Set("Origin", "https://evil.example")
	} else if r.Method != http.MethodGet && !strings.HasPrefix(r.Path, "/api/") {
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	rec := httptest.NewRecorder()
	e.Handler.ServeHTTP(rec, req)
	return rec
}

// Token returns the API token of the user with role r.
func (e *Env) Token(r accounts.Role) string { return e.tokens[r] }

// DecodeJSON decodes a response body into v, failing the test if it is
// not JSON.
func DecodeJSON(tb testing.TB, rec *httptest.ResponseRecorder, v any) {
	tb.Helper()
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		tb.Fatalf("response is not JSON (%v): %s", err, rec.Body.String())
	}
}

// Flash returns the one-time message a response sets for the next page, as
// "kind: message" ("success: Saved."), or "" when it sets none.
func Flash(tb testing.TB, rec *httptest.ResponseRecorder) string {
	tb.Helper()
	for _, c := range rec.Result().Cookies() {
		if c.Name != "trellis_flash" || c.Value == "" {
			continue
		}
		b, err := base64.RawURLEncoding.DecodeString(c.Value)
		if err != nil {
			tb.Fatalf("flash cookie: %v", err)
		}
		var f struct {
			Kind    string `json:"k"`
			Message string `json:"m"`
		}
		if err := json.Unmarshal(b, &f); err != nil {
			tb.Fatalf("flash cookie: %v", err)
		}
		return f.Kind + ": " + f.Message
	}
	return ""
}
