package web_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// An attendance file in the browser: the upload asks for the session, the
// preview names it, and the import puts the people on its list.
func TestImportAttendancePages(t *testing.T) {
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		p, err := env.App.Programming.CreateProgramme(env.Ctx, programming.ProgrammeInput{Kind: programming.CommunityCall, Title: "Open call"})
		if err != nil {
			t.Fatal(err)
		}
		x, err := env.App.Programming.CreateSession(env.Ctx, p.ID, programming.SessionInput{Start: "2026-03-03T16:00", End: "2026-03-03T17:00", TimeZone: "Europe/Berlin"})
		if err != nil {
			t.Fatal(err)
		}
		list := env.Do(t, webtest.Request{Method: "GET", Path: "/imports", Role: accounts.RoleManager}).Body.String()
		if want := fmt.Sprintf(`<option value="%d">Tue 3 Mar 2026 16:00 CET · Open call</option>`, x.ID); !strings.Contains(list, want) {
			t.Errorf("upload form lacks the session %q", want)
		}
		send := func(session string) *http.Response {
			var b bytes.Buffer
			mw := multipart.NewWriter(&b)
			_ = mw.WriteField("kind", "zoom")
			_ = mw.WriteField("session", session)
			fw, _ := mw.CreateFormFile("file", "zoom.csv")
			_, _ = fw.Write([]byte("Name (Original Name),User Email,Duration (Minutes)\r\nAda Lovelace,ada@example.org,50\r\n"))
			_ = mw.Close()
			return env.Do(t, webtest.Request{Method: "POST", Path: "/imports", Role: accounts.RoleManager, JSON: b.String(),
				Header: http.Header{"Content-Type": {mw.FormDataContentType()}}}).Result()
		}
		if res := send(""); res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusBadRequest {
			t.Errorf("upload without a session: %d, want it refused", res.StatusCode)
		}
		res := send(fmt.Sprint(x.ID))
		loc := res.Header.Get("Location")
		if res.StatusCode != http.StatusSeeOther || !importPath.MatchString(loc) {
			t.Fatalf("upload: %d to %q", res.StatusCode, loc)
		}
		page := env.Do(t, webtest.Request{Method: "GET", Path: loc, Role: accounts.RoleManager}).Body.String()
		if !strings.Contains(page, "The attendance of <strong>Open call, Tue 3 Mar 2026 16:00 CET</strong>") {
			t.Errorf("preview does not name the session:\n%s", page)
		}
		rec := env.Do(t, webtest.Request{Method: "POST", Path: loc + "/start", Role: accounts.RoleManager, Form: url.Values{"mode": {"import"}}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("start: %d %s", rec.Code, rec.Body.String())
		}
		if ran, err := env.App.Jobs.RunNext(env.Ctx); !ran || err != nil {
			t.Fatalf("job: ran %v, %v", ran, err)
		}
		if n := count(t, env, fmt.Sprintf("session_attendance WHERE session_id = %d AND attended = 'yes'", x.ID)); n != 1 {
			t.Errorf("%d attended after the import, want 1", n)
		}
		page = env.Do(t, webtest.Request{Method: "GET", Path: loc, Role: accounts.RoleManager}).Body.String()
		if !strings.Contains(page, "(1 entries of its list added or changed)") {
			t.Errorf("the import's page does not say what it wrote on the list")
		}
		for _, want := range []string{"<dt>Attendance added</dt><dd>1</dd>", "<dt>Attendance unchanged</dt><dd>0</dd>"} {
			if !strings.Contains(page, want) {
				t.Errorf("the import's page lacks %q", want)
			}
		}
		if strings.Contains(page, "Activities created") {
			t.Errorf("an attendance import's page speaks of activities it cannot bring")
		}
	})
}
