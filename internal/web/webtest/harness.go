package webtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/config"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// EachDialect runs fn on a fresh server for every available database
// engine, as parallel subtests named after the engine. Each server has its
// own database (a fresh SQLite file, a fresh PostgreSQL schema) whose pool
// is closed when the subtest ends, so subtests never share state. Options
// change the configuration as for New.
func EachDialect(t *testing.T, fn func(t *testing.T, env *Env), options ...func(*config.Config)) {
	t.Helper()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			fn(t, New(t, d, options...))
		})
	}
}

// Case is one request in a test table and what must come back.
type Case struct {
	Name string
	Req  Request
	Want Want
}

// Want is what a response must be. Only Status is always checked; every
// other field is checked when set.
type Want struct {
	Status   int
	Location string   // the Location header, exactly
	Body     []string // each must appear in the body
	InOrder  []string // each must appear, in this order
	Absent   []string // none may appear
	Flash    string   // the one-time message for the next page, exactly "kind: message"
	FlashHas string   // a part of that message
	// Code and Field are the JSON error's code and a field it must name in
	// error.fields, with a message. When either is set the body must have the documented
	// error shape (Run also checks that shape for every API error).
	Code  apperr.Code
	Field string
	// Check looks at the whole response; CheckJSON at the decoded body.
	Check     func(t *testing.T, rec *httptest.ResponseRecorder)
	CheckJSON func(t *testing.T, body map[string]any)
}

// Run sends the cases in order, each as a subtest, against env; later cases
// may depend on what earlier ones changed. A Role of "" is a logged-out
// visitor. Every error answered under /api/ must have the documented JSON
// error shape.
func Run(t *testing.T, env *Env, cases []Case) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			rec := env.Do(t, c.Req)
			if rec.Code != c.Want.Status {
				t.Fatalf("%s %s: status %d, want %d; body:\n%s", c.Req.Method, c.Req.Path, rec.Code, c.Want.Status, rec.Body.String())
			}
			if rec.Code >= 400 && strings.HasPrefix(c.Req.Path, "/api/") {
				ErrorShape(t, rec)
			}
			Check(t, rec, c.Want)
		})
	}
}

// Check fails t unless rec is what want describes.
func Check(t *testing.T, rec *httptest.ResponseRecorder, want Want) {
	t.Helper()
	body := rec.Body.String()
	if rec.Code != want.Status {
		t.Fatalf("status %d, want %d; body:\n%s", rec.Code, want.Status, body)
	}
	if loc := rec.Header().Get("Location"); want.Location != "" && loc != want.Location {
		t.Errorf("Location %q, want %q", loc, want.Location)
	}
	if want.Code != "" || want.Field != "" {
		e := ErrorShape(t, rec)
		if want.Code != "" && e.Code != want.Code {
			t.Errorf("error code %q, want %q", e.Code, want.Code)
		}
		if want.Field != "" {
			if e.Fields[want.Field] == "" {
				t.Errorf("error fields %v do not name %q", e.Fields, want.Field)
			}
		}
	}
	for _, s := range want.Body {
		if !strings.Contains(body, s) {
			t.Errorf("body lacks %q", s)
		}
	}
	if len(want.InOrder) > 0 {
		InOrder(t, body, want.InOrder)
	}
	for _, s := range want.Absent {
		if strings.Contains(body, s) {
			t.Errorf("body should not contain %q", s)
		}
	}
	if want.Flash != "" || want.FlashHas != "" {
		got := Flash(t, rec)
		if want.Flash != "" && got != want.Flash {
			t.Errorf("flash %q, want %q", got, want.Flash)
		}
		if want.FlashHas != "" && !strings.Contains(got, want.FlashHas) {
			t.Errorf("flash %q, want it to contain %q", got, want.FlashHas)
		}
	}
	if want.Check != nil {
		want.Check(t, rec)
	}
	if want.CheckJSON != nil {
		var m map[string]any
		DecodeJSON(t, rec, &m)
		want.CheckJSON(t, m)
	}
	if t.Failed() {
		t.Logf("body:\n%s", body)
	}
}

// InOrder fails t unless each string appears in body after the ones before
// it.
func InOrder(t testing.TB, body string, order []string) {
	t.Helper()
	rest := body
	for _, s := range order {
		i := strings.Index(rest, s)
		if i < 0 {
			t.Fatalf("%q missing, or not after the ones before it in %v", s, order)
		}
		rest = rest[i+len(s):]
	}
}

// ErrorDetail is the documented API error object.
type ErrorDetail struct {
	Code       apperr.Code       `json:"code"`
	Message    string            `json:"message"`
	Fields     map[string]string `json:"fields"`
	Duplicates []struct {
		ID      int64    `json:"id"`
		Name    string   `json:"name"`
		Reasons []string `json:"reasons"`
	} `json:"duplicates"`
	CurrentVersion int64              `json:"current_version"`
	Changes        []apperr.Change    `json:"changes"`
	MergedInto     int64              `json:"merged_into"`
	Items          []apperr.ItemError `json:"items"`
}

// ErrorShape fails t unless rec holds exactly {"error": {...}} as the
// OpenAPI document's Error schema describes it, with the status its code
// maps to, and returns the error.
func ErrorShape(t testing.TB, rec *httptest.ResponseRecorder) ErrorDetail {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("error Content-Type %q, want application/json", ct)
	}
	var body struct {
		Error ErrorDetail `json:"error"`
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

// Form is a url.Values literal with less noise: Form("name", "Ada", "tag", "x").
func Form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// ID writes a record id as it appears in paths and forms.
func ID(id int64) string { return strconv.FormatInt(id, 10) }
