package web_test

import (
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/demo"
	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/web"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// Every page Trellis renders is checked here against rules that hold on
// all of them, with real data (a small demo community) so lists, badges
// and forms are full:
//   - every id on a page is unique, and every <label for> names one;
//   - a form sent with GET (so into the address bar, the history and the
//     server logs) carries only search and filter fields, never notes,
//     summaries, email addresses or other personal data.
//
// The pages are found by following links from the dashboard, so each GET
// page of the route table is reached with ids that name real records;
// forms after an error and lists with a filter active are added by hand.

var (
	idAttr    = regexp.MustCompile(`\sid="([^"]*)"`)
	labelFor  = regexp.MustCompile(`<label[^>]*\sfor="([^"]*)"`)
	inPage    = regexp.MustCompile(`\shref="#([^"]+)"`)
	hrefAttr  = regexp.MustCompile(`\shref="(/[^"]*)"`)
	formTag   = regexp.MustCompile(`(?s)<form\b([^>]*)>(.*?)</form>`)
	methodGet = regexp.MustCompile(`\smethod="(?i:get)"`)
	methodAny = regexp.MustCompile(`\smethod="`)
	fieldTag  = regexp.MustCompile(`<(input|select|textarea|button)\b([^>]*)>`)
	nameAttr  = regexp.MustCompile(`\sname="([^"]*)"`)
	typeAttr  = regexp.MustCompile(`\stype="([^"]*)"`)
	fmGet     = regexp.MustCompile(`\sformmethod="(?i:get)"`)
)

// personalFields may never travel in a URL: what was said about someone,
// drafts, and their contact details as a record holds them. A search form
// (role="search") may still look a member up by one email address: that
// is a search term the manager typed, like a name.
var personalFields = []string{"notes", "note", "summary", "outcome", "emails", "password",
	"phone", "bio", "followup.what", "what", "custom", "address", "current", "new"}

// pageProblems lists what breaks the rules above on one page.
func pageProblems(body string) []string {
	var out []string
	seen := map[string]int{}
	for _, m := range idAttr.FindAllStringSubmatch(body, -1) {
		seen[m[1]]++
	}
	for id, n := range seen {
		if n > 1 {
			out = append(out, "id "+id+" appears "+strings.Repeat("I", min(n, 9)))
		}
	}
	for _, m := range labelFor.FindAllStringSubmatch(body, -1) {
		if seen[m[1]] == 0 {
			out = append(out, "label for="+m[1]+" names no element")
		}
	}
	for _, m := range inPage.FindAllStringSubmatch(body, -1) {
		if seen[m[1]] == 0 {
			out = append(out, "link to #"+m[1]+" names no element")
		}
	}
	out = append(out, formProblems(body)...)
	slices.Sort(out)
	return out
}

// formProblems lists the forms in body that would put personal data in a
// URL: fields such as notes in a GET form, or a button that sends its form
// with GET.
func formProblems(body string) []string {
	var out []string
	for _, f := range formTag.FindAllStringSubmatch(body, -1) {
		attrs, inner := f[1], f[2]
		formIsGet := methodGet.MatchString(attrs) || !methodAny.MatchString(attrs)
		search := strings.Contains(attrs, `role="search"`)
		for _, fm := range fieldTag.FindAllStringSubmatch(inner, -1) {
			tag, fattrs := fm[1], fm[2]
			get := formIsGet
			if tag == "button" || strings.Contains(fattrs, `type="submit"`) {
				if fmGet.MatchString(fattrs) {
					out = append(out, "a submit button sends its form with GET: "+fm[0])
				}
				continue
			}
			if !get {
				continue
			}
			if tag == "textarea" {
				out = append(out, "a GET form carries a textarea: "+fm[0])
			}
			if ty := typeAttr.FindStringSubmatch(fattrs); ty != nil && (ty[1] == "password" || ty[1] == "email" && !search) {
				out = append(out, "a GET form carries a "+ty[1]+" field: "+fm[0])
			}
			if n := nameAttr.FindStringSubmatch(fattrs); n != nil && (slices.Contains(personalFields, n[1]) || n[1] == "email" && !search) {
				out = append(out, "a GET form carries the personal field "+n[1])
			}
		}
	}
	return out
}

// TestNoTemplateSendsPersonalDataInAURL reads every template as written,
// so a form on a page the walk below does not reach is checked too.
func TestNoTemplateSendsPersonalDataInAURL(t *testing.T) {
	t.Parallel()
	err := fs.WalkDir(os.DirFS("templates"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(filepath.Join("templates", p))
		if err != nil {
			return err
		}
		for _, problem := range formProblems(string(b)) {
			t.Errorf("%s: %s", p, problem)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestPageProblemsCatches(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		want       int
	}{
		{"clean", `<label for="a">A</label><input id="a"><form method="get"><input name="q"></form>`, 0},
		{"duplicate id", `<input id="f-name"><input id="f-name">`, 1},
		{"label for nothing", `<label for="x">X</label>`, 1},
		{"a link to no element", `<a href="#f-members">Members</a>`, 1},
		{"notes in a GET form", `<form method="get"><textarea name="notes"></textarea></form>`, 2},
		{"a form without method is GET", `<form action="/x"><input name="summary"></form>`, 1},
		{"a GET submit button", `<form method="post"><button type="submit" formmethod="get">Find</button></form>`, 1},
		{"an email outside a search form", `<form method="get"><input name="email" type="email"></form>`, 2},
		{"an email in a search form", `<form method="get" role="search"><input name="email" type="email"></form>`, 0},
		{"notes in a POST form", `<form method="post"><textarea name="notes"></textarea></form>`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pageProblems(tt.body); len(got) != tt.want {
				t.Errorf("problems %q, want %d", got, tt.want)
			}
		})
	}
}

// routePattern reports which GET page pattern of the route table serves
// path ("" when none does).
func routePattern(patterns []string, path string) string {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for _, p := range patterns {
		ps := strings.Split(strings.Trim(strings.ReplaceAll(p, "{$}", ""), "/"), "/")
		if len(ps) != len(segs) {
			continue
		}
		ok := true
		for i := range ps {
			if !strings.HasPrefix(ps[i], "{") && ps[i] != segs[i] {
				ok = false
				break
			}
		}
		if ok {
			return p
		}
	}
	return ""
}

func TestEveryPageKeepsTheRules(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		if _, err := demo.Load(env.Ctx, env.App, demo.Options{Members: 40, Now: webtest.Now}); err != nil {
			t.Fatal(err)
		}
		// An import done (with a refused row in its log) and one waiting
		// for its mapping, so the walk sees both states of its page.
		if _, err := env.App.Imports.Import(env.Ctx, "csv", "walk.csv", strings.NewReader("name,email,affiliation\nWalk Person,walk@example.org,Somewhere\nBad,not-an-email,\n"), imports.Options{}); err != nil {
			t.Fatal(err)
		}
		if _, err := env.App.Imports.Upload(env.Ctx, "csv", "waiting.csv", []byte("Given name;Surname;E-mail;Institution;Lab\nAda;Lovelace;ada@example.org;Analytical Engines;Babbage\n")); err != nil {
			t.Fatal(err)
		}
		// A lifecycle stage recorded, so its edit page is linked.
		if _, err := env.App.Participation.AddLifecycle(env.Ctx, participation.LifecycleInput{Model: "practice", Stage: "coalescing", Since: "2026-01-15"}); err != nil {
			t.Fatal(err)
		}
		// An export made as a job, so the export page links to its page
		// and its download.
		if rec := env.Do(t, webtest.Request{Method: "POST", Path: "/export/jobs", Role: accounts.RoleOwner, Form: webtest.Form("kind", "archive")}); rec.Code != http.StatusSeeOther {
			t.Fatalf("start an export job: %d", rec.Code)
		}
		runJobs(t, env)
		var patterns []string
		for _, rt := range env.Server.Routes() {
			// Calendar feeds are not pages (feed_test.go checks them).
			if rt.Method == http.MethodGet && !rt.API && rt.Pattern != "/healthz" && rt.Access != web.Feed {
				patterns = append(patterns, rt.Pattern)
			}
		}
		// Longer patterns first, so /members/new is not taken for /members/{id}.
		slices.SortFunc(patterns, func(a, b string) int {
			if c := strings.Count(a, "{") - strings.Count(b, "{"); c != 0 {
				return c
			}
			return strings.Compare(a, b)
		})

		visited := map[string]bool{}   // paths, with their queries
		reached := map[string]string{} // pattern → first path that reached it
		check := func(role accounts.Role, req webtest.Request) string {
			t.Helper()
			req.Role = role
			rec := env.Do(t, req)
			if rec.Code >= 500 {
				t.Fatalf("%s %s: status %d", req.Method, req.Path, rec.Code)
			}
			body := rec.Body.String()
			for _, p := range pageProblems(body) {
				t.Errorf("%s %s as %s: %s", req.Method, req.Path, role, p)
			}
			return body
		}

		// Walk links from the dashboard as the owner (who sees every
		// page), at most a few pages per pattern.
		// The guard counts pages fetched, not links seen: links to
		// patterns already checked three times are many and cost nothing.
		perPattern := map[string]int{}
		checked := 0
		queue := []string{"/", "/login"}
		for len(queue) > 0 && checked < 1000 {
			path := queue[0]
			queue = queue[1:]
			if visited[path] {
				continue
			}
			visited[path] = true
			u, _ := url.Parse(path)
			pat := routePattern(patterns, u.Path)
			if pat == "" || perPattern[pat] >= 3 {
				continue
			}
			perPattern[pat]++
			checked++
			if _, ok := reached[pat]; !ok {
				reached[pat] = path
			}
			role := accounts.RoleOwner
			if pat == "/login" {
				role = ""
			}
			body := check(role, webtest.Request{Method: "GET", Path: path})
			for _, m := range hrefAttr.FindAllStringSubmatch(body, -1) {
				href := strings.ReplaceAll(m[1], "&amp;", "&")
				if !strings.HasPrefix(href, "/api/") && !strings.HasPrefix(href, "/static/") && !visited[href] {
					queue = append(queue, href)
				}
			}
		}
		for _, p := range patterns {
			if _, ok := reached[p]; !ok {
				t.Errorf("no link leads to %s: the walk did not check it", p)
			}
		}

		// States no link leads to: a filter active (which offers to save
		// it as a segment), and every form sent back with errors.
		memberPath := reached["/members/{id}"]
		interactionPath := reached["/interactions/{id}"]
		extra := []webtest.Request{
			{Method: "GET", Path: "/members?name=a&status=active"},
			{Method: "POST", Path: "/segments", Form: url.Values{"query": {"name=a"}}},
			{Method: "POST", Path: "/members", Form: url.Values{"name": {""}, "country": {"XX"}}},
			{Method: "POST", Path: memberPath, Form: url.Values{"name": {""}}},
			{Method: "POST", Path: memberPath + "/key", Form: url.Values{"cadence": {"-3"}}},
			{Method: "POST", Path: "/interactions", Form: url.Values{"notes": {"private"}}},
			{Method: "POST", Path: interactionPath, Form: url.Values{"notes": {"private"}}},
			{Method: "POST", Path: "/followups", Form: url.Values{"what": {""}, "due_on": {"soon"}, "member_id": {"999999"}}},
			{Method: "POST", Path: "/interactions", Form: url.Values{"followup.what": {"x"}, "followup.due_on": {"bad"}}},
			{Method: "POST", Path: "/settings/password", Form: url.Values{"current": {"wrong"}}},
			{Method: "POST", Path: "/settings/users", Form: url.Values{"email": {"not an email"}}},
		}
		for _, req := range extra {
			for _, role := range []accounts.Role{accounts.RoleOwner, accounts.RoleManager} {
				check(role, req)
			}
		}
		for _, role := range []accounts.Role{accounts.RoleManager, accounts.RoleViewer} {
			for _, p := range []string{"/", "/members", "/key-members", memberPath, "/interactions", "/followups", "/settings"} {
				check(role, webtest.Request{Method: "GET", Path: p})
			}
		}
	})
}
