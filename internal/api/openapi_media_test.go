package api_test

import (
	"mime"
	"net/http"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/store/storetest"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// TestOpenAPIMediaTypes checks that each API GET answers with a media type
// its description documents for 200: JSON for most, text/calendar for the
// feeds, so a client generated from the document reads the body right.
func TestOpenAPIMediaTypes(t *testing.T) {
	t.Parallel()
	env := webtest.New(t, storetest.Dialects()[0])
	doc := openAPIDoc(t, env)
	paths, _ := doc["paths"].(map[string]any)
	checked := 0
	for _, rt := range env.Server.Routes() {
		if !rt.API || rt.Method != http.MethodGet || strings.Contains(rt.Pattern, "{") {
			continue
		}
		content, _ := field(paths, rt.Pattern, "get", "responses", "200", "content").(map[string]any)
		rec := env.Do(t, webtest.Request{Method: "GET", Path: rt.Pattern, Role: owner})
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s: status %d", rt.Pattern, rec.Code)
			continue
		}
		got, _, err := mime.ParseMediaType(rec.Header().Get("Content-Type"))
		if err != nil {
			t.Errorf("GET %s: Content-Type %q: %v", rt.Pattern, rec.Header().Get("Content-Type"), err)
			continue
		}
		if _, ok := content[got]; !ok {
			t.Errorf("GET %s answers %s; the document says %v", rt.Pattern, got, keys(content))
		}
		checked++
	}
	if checked < 2 {
		t.Fatalf("only %d routes checked", checked)
	}
}

func keys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
