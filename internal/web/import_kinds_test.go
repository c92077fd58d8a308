package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// uploadKind sends a file of a kind to /imports as the browser form does.
func uploadKind(t *testing.T, env *webtest.Env, kind, name, content string) *http.Response {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	_ = mw.WriteField("kind", kind)
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write([]byte(content))
	_ = mw.Close()
	rec := env.Do(t, webtest.Request{Method: "POST", Path: "/imports", Role: accounts.RoleManager, JSON: b.String(),
		Header: http.Header{"Content-Type": {mw.FormDataContentType()}}})
	return rec.Result()
}

// The upload form offers every kind; an address book, which has no
// columns, previews its first people and imports them.
func TestImportKindPages(t *testing.T) {
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		list := env.Do(t, webtest.Request{Method: "GET", Path: "/imports", Role: accounts.RoleManager}).Body.String()
		for _, want := range []string{`<option value="vcard">`, `<option value="mailchimp">`, `<option value="listmonk">`} {
			if !strings.Contains(list, want) {
				t.Errorf("upload form lacks %s", want)
			}
		}
		const book = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Мария Иванова\r\nEMAIL;TYPE=pref:maria@example.ru\r\nORG:МГУ\r\nEND:VCARD\r\n"
		res := uploadKind(t, env, "vcard", "book.vcf", book)
		loc := res.Header.Get("Location")
		if res.StatusCode != http.StatusSeeOther || !importPath.MatchString(loc) {
			t.Fatalf("upload: %d to %q", res.StatusCode, loc)
		}
		page := env.Do(t, webtest.Request{Method: "GET", Path: loc, Role: accounts.RoleManager}).Body.String()
		for _, want := range []string{"no columns to map", `<th scope="col">Affiliation</th>`, "Мария Иванова", "maria@example.ru"} {
			if !strings.Contains(page, want) {
				t.Errorf("preview lacks %q", want)
			}
		}
		rec := env.Do(t, webtest.Request{Method: "POST", Path: loc + "/start", Role: accounts.RoleManager, Form: url.Values{"mode": {"import"}}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("start: %d %s", rec.Code, rec.Body.String())
		}
		if ran, err := env.App.Jobs.RunNext(env.Ctx); !ran || err != nil {
			t.Fatalf("job: ran %v, %v", ran, err)
		}
		if n := count(t, env, "members WHERE affiliation = 'МГУ'"); n != 1 {
			t.Errorf("%d members imported from the address book, want 1", n)
		}
	})
}
