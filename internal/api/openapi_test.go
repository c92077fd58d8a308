package api_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/store/storetest"
	"github.com/trellis-community/trellis/internal/web"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// openAPIDoc fetches the served document, without a token.
func openAPIDoc(t *testing.T, env *webtest.Env) map[string]any {
	t.Helper()
	rec := env.Do(t, webtest.Request{Method: "GET", Path: "/api/v1/openapi.json"})
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /api/v1/openapi.json: status %d", rec.Code)
	}
	var doc map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatalf("the OpenAPI document is not valid JSON: %v", err)
	}
	return doc
}

var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// TestOpenAPICoversEveryRoute keeps the document and the route table in
// step: every API route is documented with the access it really has, and
// every documented operation is routed.
func TestOpenAPICoversEveryRoute(t *testing.T) {
	t.Parallel()
	env := webtest.New(t, storetest.Dialects()[0])
	doc := openAPIDoc(t, env)
	if doc["openapi"] != "3.0.3" {
		t.Errorf("openapi = %v, want 3.0.3", doc["openapi"])
	}
	paths, _ := doc["paths"].(map[string]any)
	if len(paths) == 0 {
		t.Fatal("the document has no paths")
	}

	routed := map[string]web.Route{}
	for _, rt := range env.Server.Routes() {
		if !rt.API {
			continue
		}
		if !strings.HasPrefix(rt.Pattern, "/api/v1/") {
			t.Errorf("API route %s %s is outside /api/v1/", rt.Method, rt.Pattern)
		}
		key := strings.ToLower(rt.Method) + " " + rt.Pattern
		routed[key] = rt
		op, ok := field(paths, rt.Pattern, strings.ToLower(rt.Method)).(map[string]any)
		if !ok {
			t.Errorf("route %s %s is not in the OpenAPI document", rt.Method, rt.Pattern)
			continue
		}
		desc, _ := op["description"].(string)
		if want := "Access: " + rt.Access.String(); !strings.Contains(desc, want) {
			t.Errorf("%s %s: description %q does not say %q", rt.Method, rt.Pattern, desc, want)
		}
		sec, overridden := op["security"].([]any)
		if public := rt.Access == web.Public; public != (overridden && len(sec) == 0) {
			t.Errorf("%s %s: security %v does not match access %s", rt.Method, rt.Pattern, op["security"], rt.Access)
		}
		if strings.Contains(rt.Pattern, "{id}") && !hasIDParam(paths[rt.Pattern], op) {
			t.Errorf("%s %s: the id path parameter is not declared", rt.Method, rt.Pattern)
		}
	}
	for path, item := range paths {
		for method := range item.(map[string]any) {
			if !slices.Contains(httpMethods, method) {
				continue
			}
			if _, ok := routed[method+" "+path]; !ok {
				t.Errorf("documented %s %s is not routed", strings.ToUpper(method), path)
			}
		}
	}
}

func hasIDParam(item any, op map[string]any) bool {
	var params []any
	if p, ok := field(item, "parameters").([]any); ok {
		params = append(params, p...)
	}
	if p, ok := op["parameters"].([]any); ok {
		params = append(params, p...)
	}
	for _, p := range params {
		if field(p, "$ref") == "#/components/parameters/id" || (field(p, "name") == "id" && field(p, "in") == "path") {
			return true
		}
	}
	return false
}

// TestOpenAPIRefsResolve checks every $ref in the document points at
// something inside it, that bearer authentication is declared and applied
// to the whole API, and that every error response uses the Error schema.
func TestOpenAPIRefsResolve(t *testing.T) {
	t.Parallel()
	env := webtest.New(t, storetest.Dialects()[0])
	doc := openAPIDoc(t, env)
	var refs []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if r, ok := x["$ref"].(string); ok {
				refs = append(refs, r)
			}
			for _, y := range x {
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	walk(doc)
	if len(refs) == 0 {
		t.Fatal("no $ref found; the document cannot be complete")
	}
	for _, r := range refs {
		if !strings.HasPrefix(r, "#/") {
			t.Errorf("$ref %q points outside the document", r)
			continue
		}
		if resolvePointer(doc, r[2:]) == nil {
			t.Errorf("$ref %q does not resolve", r)
		}
	}
	if field(doc, "components", "securitySchemes", "bearerAuth", "scheme") != "bearer" {
		t.Error("components.securitySchemes.bearerAuth is not an HTTP bearer scheme")
	}
	sec, _ := doc["security"].([]any)
	if len(sec) != 1 || field(sec[0], "bearerAuth") == nil {
		t.Errorf("global security = %v, want bearerAuth", doc["security"])
	}
	for _, name := range []string{"Member", "Email", "Identity", "Interaction", "FollowUp",
		"KeyMemberStatus", "Segment", "Group", "Error", "User", "Dashboard", "AuditEntry"} {
		if field(doc, "components", "schemas", name) == nil {
			t.Errorf("components.schemas.%s is missing", name)
		}
	}
	for name, resp := range field(doc, "components", "responses").(map[string]any) {
		if field(resp, "content", "application/json", "schema", "$ref") != "#/components/schemas/Error" {
			t.Errorf("response %s does not use the Error schema", name)
		}
	}
}

// resolvePointer follows a JSON pointer (RFC 6901) without its "#/".
func resolvePointer(doc any, pointer string) any {
	v := doc
	for _, tok := range strings.Split(pointer, "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		if v, ok = m[tok]; !ok {
			return nil
		}
	}
	return v
}
