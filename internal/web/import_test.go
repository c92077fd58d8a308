package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// upload sends a file to /imports as a browser form does.
func upload(t *testing.T, env *webtest.Env, role accounts.Role, name, content string) *http.Response {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	_ = mw.WriteField("kind", "csv")
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write([]byte(content))
	_ = mw.Close()
	rec := env.Do(t, webtest.Request{Method: "POST", Path: "/imports", Role: role, JSON: b.String(),
		Header: http.Header{"Content-Type": {mw.FormDataContentType()}}})
	return rec.Result()
}

var importPath = regexp.MustCompile(`^/imports/(\d+)$`)

// The whole flow in the browser: upload, preview with guessed columns,
// dry run, import, the log, undo.
func TestImportPages(t *testing.T) {
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		const file = "Given name;Surname;E-mail;Institution;Lab\r\nAda;Lovelace;ada@example.org;Analytical Engines;Babbage\r\nBad;Row;not-an-email;;\r\n"
		if res := upload(t, env, accounts.RoleViewer, "people.csv", file); res.StatusCode != http.StatusForbidden {
			t.Errorf("viewer upload: %d, want 403", res.StatusCode)
		}
		res := upload(t, env, accounts.RoleManager, "people.csv", file)
		loc := res.Header.Get("Location")
		m := importPath.FindStringSubmatch(loc)
		if res.StatusCode != http.StatusSeeOther || m == nil {
			t.Fatalf("upload: %d to %q", res.StatusCode, loc)
		}
		page := env.Do(t, webtest.Request{Method: "GET", Path: loc, Role: accounts.RoleManager}).Body.String()
		for _, want := range []string{"semicolon", `<option value="first_name" selected>`, `<option value="email" selected>`,
			`<option value="affiliation" selected>`, "Lovelace", "Dry run"} {
			if !strings.Contains(page, want) {
				t.Errorf("preview lacks %q", want)
			}
		}
		run := func(mode string, form url.Values) string {
			t.Helper()
			form.Set("mode", mode)
			rec := env.Do(t, webtest.Request{Method: "POST", Path: loc + "/start", Role: accounts.RoleManager, Form: form})
			if rec.Code != http.StatusSeeOther {
				t.Fatalf("start %s: %d %s", mode, rec.Code, rec.Body.String())
			}
			if ran, err := env.App.Jobs.RunNext(env.Ctx); !ran || err != nil {
				t.Fatalf("job: ran %v, %v", ran, err)
			}
			return env.Do(t, webtest.Request{Method: "GET", Path: loc, Role: accounts.RoleManager}).Body.String()
		}
		form := url.Values{"map.0": {"first_name"}, "map.1": {"last_name"}, "map.2": {"email"}, "map.3": {"affiliation"},
			"map.4": {"custom"}, "source": {"Registrations sheet"}}
		page = run("check", form)
		if !strings.Contains(page, "What the import would do") || !strings.Contains(page, "people.csv:3") {
			t.Errorf("dry run page lacks its counts or the refused line 3:\n%s", page)
		}
		if n := count(t, env, "members WHERE name = 'Ada Lovelace'"); n != 0 {
			t.Errorf("dry run kept %d members", n)
		}
		page = run("import", form)
		if !strings.Contains(page, "What the import did") || !strings.Contains(page, "Undo this import") {
			t.Errorf("import page lacks its counts or undo")
		}
		if n := count(t, env, "members WHERE name = 'Ada Lovelace'"); n != 1 {
			t.Errorf("%d Ada Lovelaces after the import, want 1", n)
		}
		if n := count(t, env, "member_fields WHERE name = 'Lab' AND value = 'Babbage'"); n != 1 {
			t.Errorf("custom field stored %d times, want 1", n)
		}
		if n := count(t, env, "import_mappings WHERE source = 'Registrations sheet'"); n != 1 {
			t.Errorf("mapping saved %d times, want 1", n)
		}
		list := env.Do(t, webtest.Request{Method: "GET", Path: "/imports", Role: accounts.RoleViewer}).Body.String()
		if !strings.Contains(list, "people.csv") || strings.Contains(list, `enctype="multipart/form-data"`) {
			t.Errorf("imports list for a viewer: want the run and no upload form")
		}
		if rec := env.Do(t, webtest.Request{Method: "POST", Path: loc + "/undo", Role: accounts.RoleViewer}); rec.Code != http.StatusForbidden {
			t.Errorf("viewer undo: %d", rec.Code)
		}
		if rec := env.Do(t, webtest.Request{Method: "POST", Path: loc + "/undo", Role: accounts.RoleManager}); rec.Code != http.StatusSeeOther {
			t.Fatalf("undo: %d %s", rec.Code, rec.Body.String())
		}
		if n := count(t, env, "members WHERE name = 'Ada Lovelace'"); n != 0 {
			t.Errorf("%d Ada Lovelaces after undo, want 0", n)
		}
		if rec := env.Do(t, webtest.Request{Method: "POST", Path: loc + "/undo", Role: accounts.RoleManager}); rec.Code != http.StatusConflict {
			t.Errorf("second undo: %d, want 409", rec.Code)
		}
		if res := upload(t, env, accounts.RoleManager, "empty.csv", ""); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("empty upload: %d, want 422", res.StatusCode)
		}
	})
}

func count(t *testing.T, env *webtest.Env, from string) int {
	t.Helper()
	var n int
	if err := env.App.DB.QueryRow(env.Ctx, "SELECT COUNT(*) FROM "+from).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
