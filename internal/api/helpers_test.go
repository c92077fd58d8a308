package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// Roles, short, for case tables.
const (
	owner   = accounts.RoleOwner
	manager = accounts.RoleManager
	viewer  = accounts.RoleViewer
	nobody  = accounts.Role("")
)

// apiCase is one request and what must come back. For an error status the
// body must have the documented error shape with code, and name field in
// error.fields when field is set. want lists substrings of the body; check,
// when set, looks at the decoded body.
type apiCase struct {
	name   string
	method string
	path   string
	role   accounts.Role
	body   any
	status int
	code   apperr.Code
	field  string
	want   []string
	check  func(t *testing.T, body map[string]any)
}

// run sends the cases in order (later ones may depend on earlier ones).
func run(t *testing.T, env *webtest.Env, cases []apiCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := env.Do(t, webtest.Request{Method: c.method, Path: c.path, Role: c.role, JSON: c.body})
			if rec.Code != c.status {
				t.Fatalf("%s %s: status %d, want %d: %s", c.method, c.path, rec.Code, c.status, rec.Body.String())
			}
			if rec.Code >= 400 {
				e := checkErrorShape(t, rec)
				if c.code != "" && e.Code != c.code {
					t.Errorf("error code %q, want %q", e.Code, c.code)
				}
				if c.field != "" {
					if _, ok := e.Fields[c.field]; !ok {
						t.Errorf("error fields %v do not name %q", e.Fields, c.field)
					}
				}
			}
			for _, w := range c.want {
				if !strings.Contains(rec.Body.String(), w) {
					t.Errorf("body does not contain %q: %s", w, rec.Body.String())
				}
			}
			if c.check != nil {
				var m map[string]any
				webtest.DecodeJSON(t, rec, &m)
				c.check(t, m)
			}
		})
	}
}

// errorDetail is the documented error object.
type errorDetail struct {
	Code       apperr.Code       `json:"code"`
	Message    string            `json:"message"`
	Fields     map[string]string `json:"fields"`
	Duplicates []struct {
		ID      int64    `json:"id"`
		Name    string   `json:"name"`
		Reasons []string `json:"reasons"`
	} `json:"duplicates"`
	CurrentVersion int64           `json:"current_version"`
	Changes        []apperr.Change `json:"changes"`
	MergedInto     int64           `json:"merged_into"`
}

// checkErrorShape fails unless rec holds exactly {"error": {...}} as the
// OpenAPI document's Error schema describes it, and returns the error.
func checkErrorShape(t *testing.T, rec *httptest.ResponseRecorder) errorDetail {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("error Content-Type %q, want application/json", ct)
	}
	var body struct {
		Error errorDetail `json:"error"`
	}
	dec := json.NewDecoder(strings.NewReader(rec.Body.String()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		t.Fatalf("error body does not have the documented shape (%v): %s", err, rec.Body.String())
	}
	e := body.Error
	known := map[apperr.Code]int{
		apperr.Invalid: http.StatusUnprocessableEntity, apperr.NotFound: http.StatusNotFound,
		apperr.Conflict: http.StatusConflict, apperr.Unauthorized: http.StatusUnauthorized,
		apperr.Forbidden: http.StatusForbidden, apperr.RateLimited: http.StatusTooManyRequests,
		apperr.Internal: http.StatusInternalServerError,
	}
	if want, ok := known[e.Code]; !ok || want != rec.Code {
		t.Errorf("error code %q with status %d", e.Code, rec.Code)
	}
	if e.Message == "" {
		t.Errorf("error has no message: %s", rec.Body.String())
	}
	return e
}

// eachDialect runs fn with a fresh server on every available engine.
func eachDialect(t *testing.T, fn func(t *testing.T, env *webtest.Env)) {
	t.Helper()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			fn(t, webtest.New(t, d))
		})
	}
}

// dialects is storetest.Dialects, for tests that build their own loop.
func dialects() []store.Dialect { return storetest.Dialects() }

// addMember stores a member through the service, failing the test on error.
func addMember(t *testing.T, env *webtest.Env, m members.Member) members.Member {
	t.Helper()
	out, err := env.App.Members.Create(env.Ctx, m)
	if err != nil {
		t.Fatalf("create member %q: %v", m.Name, err)
	}
	return out
}

// field walks a decoded JSON body: field(body, "error", "fields", "orcid").
func field(v any, path ...string) any {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

// list returns body[key] as a list of objects.
func list(t *testing.T, body map[string]any, key string) []map[string]any {
	t.Helper()
	raw, ok := body[key].([]any)
	if !ok {
		t.Fatalf("%q is not a list: %v", key, body[key])
	}
	out := make([]map[string]any, len(raw))
	for i, x := range raw {
		out[i], ok = x.(map[string]any)
		if !ok {
			t.Fatalf("%s[%d] is not an object: %v", key, i, x)
		}
	}
	return out
}

// id reads a JSON number as an id.
func id(v any) int64 {
	f, _ := v.(float64)
	return int64(f)
}
