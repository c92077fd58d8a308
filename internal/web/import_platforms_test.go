package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// The upload page offers the platforms' exports, and a GitHub file
// uploaded there previews one row per person, with no columns to map.
func TestImportPlatformPages(t *testing.T) {
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		page := env.Do(t, webtest.Request{Method: "GET", Path: "/imports", Role: accounts.RoleManager}).Body.String()
		for _, want := range []string{`<option value="slack">Slack workspace export (zip)</option>`, `<option value="discourse">`,
			`<option value="github">GitHub activity`, `.zip,.json`} {
			if !strings.Contains(page, want) {
				t.Errorf("upload page lacks %q", want)
			}
		}
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		_ = mw.WriteField("kind", "github")
		fw, _ := mw.CreateFormFile("file", "issues.json")
		_, _ = fw.Write([]byte(`[{"html_url": "https://github.com/o/r/issues/1", "number": 1, "title": "Hello", "user": {"login": "ada-l", "type": "User"}, "created_at": "2024-03-01T09:00:00Z"}]`))
		_ = mw.Close()
		res := env.Do(t, webtest.Request{Method: "POST", Path: "/imports", Role: accounts.RoleManager, JSON: b.String(),
			Header: http.Header{"Content-Type": {mw.FormDataContentType()}}}).Result()
		loc := res.Header.Get("Location")
		if res.StatusCode != http.StatusSeeOther || importPath.FindStringSubmatch(loc) == nil {
			t.Fatalf("upload: %d to %q", res.StatusCode, loc)
		}
		show := env.Do(t, webtest.Request{Method: "GET", Path: loc, Role: accounts.RoleManager}).Body.String()
		for _, want := range []string{"Read as GitHub API export (JSON)", "<td>ada-l</td><td>github:ada-l</td>", "1 activities", "Dry run"} {
			if !strings.Contains(show, want) {
				t.Errorf("preview lacks %q", want)
			}
		}
		if strings.Contains(show, "cells separated by") {
			t.Errorf("preview speaks of cells for a file without columns")
		}
	})
}
