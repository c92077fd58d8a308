package web_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/export"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// runJobs runs every due job, as a worker of any instance would.
func runJobs(t *testing.T, env *webtest.Env) {
	t.Helper()
	for {
		ran, err := env.App.Jobs.RunNext(env.Ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !ran {
			return
		}
	}
}

// TestExportJobs asks for exports as jobs through the API and the pages,
// runs the jobs, and checks the file is the direct export byte for byte,
// that only the person who asked (or an owner) may have it, and that a
// day later it is gone.
func TestExportJobs(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ms := make([]members.Member, 300)
		for i := range ms {
			ms[i] = members.Member{Name: fmt.Sprintf("Member %03d ☃", i), Affiliation: "=cmd", Notes: "line one\nline two"}
		}
		if _, err := env.App.Members.CreateBatch(env.Ctx, ms); err != nil {
			t.Fatal(err)
		}
		direct := env.Do(t, webtest.Request{Method: "GET", Path: "/api/v1/export/members?format=csv", Role: accounts.RoleManager})
		if direct.Code != 200 || direct.Body.Len() < 300*20 {
			t.Fatalf("direct export: %d, %d bytes", direct.Code, direct.Body.Len())
		}

		// The API: ask, follow, download.
		rec := env.Do(t, webtest.Request{Method: "POST", Path: "/api/v1/exports", Role: accounts.RoleManager, JSON: map[string]any{"kind": "members", "format": "csv"}})
		if rec.Code != http.StatusAccepted {
			t.Fatalf("POST /api/v1/exports: %d %s", rec.Code, rec.Body)
		}
		var e export.Export
		webtest.DecodeJSON(t, rec, &e)
		if e.Status != export.Queued || e.JobID == 0 || e.RowsTotal != 300 || rec.Header().Get("Location") != "/api/v1/exports/"+webtest.ID(e.ID) {
			t.Fatalf("started: %+v %v", e, rec.Header())
		}
		path := "/api/v1/exports/" + webtest.ID(e.ID)
		webtest.Run(t, env, []webtest.Case{
			{Name: "not ready", Req: webtest.Request{Method: "GET", Path: path + "/download", Role: accounts.RoleManager}, Want: webtest.Want{Status: 409}},
		})
		runJobs(t, env)
		webtest.Run(t, env, []webtest.Case{
			{Name: "status", Req: webtest.Request{Method: "GET", Path: path, Role: accounts.RoleManager}, Want: webtest.Want{Status: 200,
				CheckJSON: func(t *testing.T, b map[string]any) {
					if b["status"] != "done" || b["rows_done"] != float64(300) || b["size"] != float64(direct.Body.Len()) {
						t.Fatalf("status: %v", b)
					}
				}}},
			{Name: "another user may not see it", Req: webtest.Request{Method: "GET", Path: path, Role: accounts.RoleViewer}, Want: webtest.Want{Status: 403, Code: "forbidden"}},
			{Name: "another user may not download it", Req: webtest.Request{Method: "GET", Path: path + "/download", Role: accounts.RoleViewer}, Want: webtest.Want{Status: 403}},
			{Name: "nor on the page", Req: webtest.Request{Method: "GET", Path: "/export/jobs/" + webtest.ID(e.ID) + "/download", Role: accounts.RoleViewer}, Want: webtest.Want{Status: 403}},
			{Name: "the one who asked downloads the direct export's bytes", Req: webtest.Request{Method: "GET", Path: path + "/download", Role: accounts.RoleManager},
				Want: webtest.Want{Status: 200, Check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					if !bytes.Equal(rec.Body.Bytes(), direct.Body.Bytes()) {
						t.Fatalf("the job's file (%d bytes) differs from the direct export (%d bytes)", rec.Body.Len(), direct.Body.Len())
					}
					if rec.Header().Get("Content-Length") != fmt.Sprint(direct.Body.Len()) || !strings.Contains(rec.Header().Get("Content-Disposition"), "members-") {
						t.Fatalf("headers: %v", rec.Header())
					}
				}}},
			{Name: "so does an owner", Req: webtest.Request{Method: "GET", Path: "/export/jobs/" + webtest.ID(e.ID) + "/download", Role: accounts.RoleOwner}, Want: webtest.Want{Status: 200}},
			{Name: "bad kind", Req: webtest.Request{Method: "POST", Path: "/api/v1/exports", Role: accounts.RoleViewer, JSON: map[string]any{"kind": "everything"}}, Want: webtest.Want{Status: 422, Field: "kind"}},
			{Name: "the archive is for owners", Req: webtest.Request{Method: "POST", Path: "/api/v1/exports", Role: accounts.RoleManager, JSON: map[string]any{"kind": "archive"}}, Want: webtest.Want{Status: 403}},
		})

		// The pages: a small CSV streams, the archive is always a job.
		webtest.Run(t, env, []webtest.Case{
			{Name: "small streams", Req: webtest.Request{Method: "GET", Path: "/export/members?format=csv", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					if !bytes.Equal(rec.Body.Bytes(), direct.Body.Bytes()) {
						t.Fatal("the page's export differs from the API's")
					}
				}}},
			{Name: "the archive is offered as a job", Req: webtest.Request{Method: "GET", Path: "/export/archive", Role: accounts.RoleOwner},
				Want: webtest.Want{Status: 200, Body: []string{`action="/export/jobs"`, `name="kind" value="archive"`, "Prepare the file"}}},
			{Name: "a manager may not start the archive", Req: webtest.Request{Method: "POST", Path: "/export/jobs", Role: accounts.RoleManager, Form: webtest.Form("kind", "archive")},
				Want: webtest.Want{Status: 403}},
		})
		rec = env.Do(t, webtest.Request{Method: "POST", Path: "/export/jobs", Role: accounts.RoleOwner, Form: webtest.Form("kind", "archive")})
		if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/export/jobs/") {
			t.Fatalf("start the archive: %d %v", rec.Code, rec.Header())
		}
		page := rec.Header().Get("Location")
		webtest.Run(t, env, []webtest.Case{
			{Name: "progress reloads itself", Req: webtest.Request{Method: "GET", Path: page, Role: accounts.RoleOwner},
				Want: webtest.Want{Status: 200, Body: []string{"Waiting to start", "This page reloads itself"}, Check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					if rec.Header().Get("Refresh") == "" {
						t.Fatal("no Refresh header while the export waits")
					}
				}}},
		})
		runJobs(t, env)
		webtest.Run(t, env, []webtest.Case{
			{Name: "ready", Req: webtest.Request{Method: "GET", Path: page, Role: accounts.RoleOwner},
				Want: webtest.Want{Status: 200, Body: []string{"Ready", page + "/download"}, Check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					if rec.Header().Get("Refresh") != "" {
						t.Fatal("a finished export still reloads")
					}
				}}},
			{Name: "the archive holds every member", Req: webtest.Request{Method: "GET", Path: page + "/download", Role: accounts.RoleOwner},
				Want: webtest.Want{Status: 200, Check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					zr, err := gzip.NewReader(rec.Body)
					if err != nil {
						t.Fatal(err)
					}
					all, err := io.ReadAll(zr)
					if err != nil {
						t.Fatal(err)
					}
					lines := bytes.Split(bytes.TrimSpace(all), []byte("\n"))
					var end struct {
						End struct{ Rows map[string]int64 } `json:"end"`
					}
					if err := json.Unmarshal(lines[len(lines)-1], &end); err != nil || end.End.Rows["members"] != 300 {
						t.Fatalf("end line %s: %v", lines[len(lines)-1], err)
					}
					if _, ok := end.End.Rows["export_chunks"]; ok {
						t.Fatal("the archive holds the exports' files")
					}
				}}},
			{Name: "the export page lists it", Req: webtest.Request{Method: "GET", Path: "/export", Role: accounts.RoleOwner},
				Want: webtest.Want{Status: 200, Body: []string{page + "/download", "trellis-archive-"}}},
			{Name: "but not to a viewer", Req: webtest.Request{Method: "GET", Path: "/export", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Absent: []string{page}}},
		})
		var audits int
		if err := env.App.DB.QueryRow(env.Ctx, "SELECT COUNT(*) FROM audit_log WHERE entity = 'export'").Scan(&audits); err != nil || audits < 4 {
			t.Fatalf("audit entries for exports: %d %v, want 2 requests and 2 downloads at least", audits, err)
		}

		// A day later the exports and their files are pruned.
		if _, err := env.App.DB.Exec(env.Ctx, "UPDATE exports SET created_at = created_at - 86401"); err != nil {
			t.Fatal(err)
		}
		if n, err := env.App.Exports.Prune(env.Ctx); err != nil || n != 2 {
			t.Fatalf("pruned %d: %v", n, err)
		}
		var chunks int
		if err := env.App.DB.QueryRow(env.Ctx, "SELECT COUNT(*) FROM export_chunks").Scan(&chunks); err != nil || chunks != 0 {
			t.Fatalf("%d chunks left: %v", chunks, err)
		}
		webtest.Run(t, env, []webtest.Case{
			{Name: "pruned", Req: webtest.Request{Method: "GET", Path: path, Role: accounts.RoleManager}, Want: webtest.Want{Status: 404}},
		})
	})
}

// TestExportLargeCSVIsAJob checks that a spreadsheet of export.JobRows
// members or more is offered as a job instead of streaming.
func TestExportLargeCSVIsAJob(t *testing.T) {
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
		ms := make([]members.Member, export.JobRows)
		for i := range ms {
			ms[i] = members.Member{Name: fmt.Sprintf("Member %05d", i)}
		}
		if _, err := env.App.Members.CreateBatch(env.Ctx, ms[:export.JobRows-1]); err != nil {
			t.Fatal(err)
		}
		webtest.Run(t, env, []webtest.Case{
			{Name: "one short streams", Req: webtest.Request{Method: "GET", Path: "/export/members?format=csv", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Check: func(t *testing.T, rec *httptest.ResponseRecorder) {
					if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") {
						t.Fatalf("content type %q", rec.Header().Get("Content-Type"))
					}
				}}},
		})
		if _, err := env.App.Members.CreateBatch(env.Ctx, ms[export.JobRows-1:]); err != nil {
			t.Fatal(err)
		}
		webtest.Run(t, env, []webtest.Case{
			{Name: "at the threshold, a job", Req: webtest.Request{Method: "GET", Path: "/export/members?format=vcard", Role: accounts.RoleViewer},
				Want: webtest.Want{Status: 200, Body: []string{"10000 rows", `name="format" value="vcard"`, "Prepare the file"}}},
		})
	})
}
