package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/export"
	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store/storetest"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// TestOpenAPIReviewAndExportSchemas checks the review queue's and export
// jobs' responses against their schemas: a page with a pair, a queued
// export and a finished one.
func TestOpenAPIReviewAndExportSchemas(t *testing.T) {
	t.Parallel()
	env := webtest.New(t, storetest.Dialects()[0])
	doc := openAPIDoc(t, env)
	webtest.AddMember(t, env, members.Member{Name: "Ada Lovelace", Affiliation: "Analytical Engines"})
	if _, err := env.App.Imports.Import(env.Ctx, "csv", "a.csv", strings.NewReader("name,email\nAda Lovelace,ada2@example.org\n"), imports.Options{}); err != nil {
		t.Fatal(err)
	}
	done, err := env.App.Exports.Start(env.Ctx, export.Request{Kind: export.KindMembers, Format: export.VCard})
	if err != nil {
		t.Fatal(err)
	}
	if err := env.App.Exports.Run(env.Ctx, done.ID); err != nil {
		t.Fatal(err)
	}
	queued, err := env.App.Exports.Start(env.Ctx, export.Request{Kind: export.KindActivities})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path, schema string
	}{
		{"/api/v1/imports/review", "ReviewPage"},
		{"/api/v1/imports/review?limit=1&after_id=999", "ReviewPage"},
		{fmt.Sprintf("/api/v1/exports/%d", done.ID), "ExportJob"},
		{fmt.Sprintf("/api/v1/exports/%d", queued.ID), "ExportJob"},
	} {
		t.Run(tt.path, func(t *testing.T) {
			rec := env.Do(t, webtest.Request{Method: "GET", Path: tt.path, Role: owner})
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
			}
			var body any
			webtest.DecodeJSON(t, rec, &body)
			conform(t, doc, tt.schema, map[string]any{"$ref": "#/components/schemas/" + tt.schema}, body)
		})
	}
}
