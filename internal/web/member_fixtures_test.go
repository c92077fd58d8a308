package web_test

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store/storetest"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// Fixtures and checks shared by the member page tests.

// memEachDialect runs fn on a fresh server for every database engine.
func memEachDialect(t *testing.T, fn func(t *testing.T, env *webtest.Env)) {
	t.Helper()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) { fn(t, webtest.New(t, d)) })
	}
}

// memAdd stores m through the members service.
func memAdd(t *testing.T, env *webtest.Env, m members.Member) members.Member {
	t.Helper()
	out, err := env.App.Members.Create(env.Ctx, m)
	if err != nil {
		t.Fatalf("create member %s: %v", m.Name, err)
	}
	return out
}

// memCase is one request and what must come back.
type memCase struct {
	name string
	req  webtest.Request
	want memWant
}

// memWant is what a response must be.
type memWant struct {
	status   int
	location string   // checked when set
	body     []string // each must appear
	absent   []string // none may appear
	flash    string   // "kind: message" set for the next page, checked when set
}

// memRun runs cases in order against env; later cases may depend on what
// earlier ones changed.
func memRun(t *testing.T, env *webtest.Env, cases []memCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.req.Role == "" {
				c.req.Role = accounts.RoleManager
			}
			memCheck(t, env.Do(t, c.req), c.want)
		})
	}
}

func memCheck(t *testing.T, rec *httptest.ResponseRecorder, want memWant) {
	t.Helper()
	body := rec.Body.String()
	if rec.Code != want.status {
		t.Fatalf("status %d, want %d; body:\n%s", rec.Code, want.status, body)
	}
	if loc := rec.Header().Get("Location"); want.location != "" && loc != want.location {
		t.Errorf("Location %q, want %q", loc, want.location)
	}
	for _, s := range want.body {
		if !strings.Contains(body, s) {
			t.Errorf("body lacks %q", s)
		}
	}
	for _, s := range want.absent {
		if strings.Contains(body, s) {
			t.Errorf("body should not contain %q", s)
		}
	}
	if want.flash != "" {
		if got := webtest.Flash(t, rec); got != want.flash {
			t.Errorf("flash %q, want %q", got, want.flash)
		}
	}
	if t.Failed() {
		t.Logf("body:\n%s", body)
	}
}

// memGet reads a member back, failing the test if it is gone.
func memGet(t *testing.T, env *webtest.Env, id int64) members.Member {
	t.Helper()
	m, err := env.App.Members.Get(env.Ctx, id)
	if err != nil {
		t.Fatalf("get member %d: %v", id, err)
	}
	return m
}

// memForm is a url.Values literal with less noise.
func memForm(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}
