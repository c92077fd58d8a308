package api

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"
)

func TestMergeOpenAPI(t *testing.T) {
	t.Parallel()
	base := `{"openapi":"3.0.3","info":{"title":"t"},"tags":[{"name":"meta"}],"paths":{},
		"components":{"schemas":{"Error":{"type":"object"}}}}`
	tests := []struct {
		name    string
		files   map[string]string
		wantErr string
		check   func(t *testing.T, doc map[string]any)
	}{
		{
			name: "fragments join",
			files: map[string]string{
				"openapi/base.json": base,
				"openapi/a.json":    `{"tags":[{"name":"a"}],"paths":{"/a":{"get":{}}},"components":{"schemas":{"A":{"type":"string"}}}}`,
				"openapi/b.json":    `{"paths":{"/b":{"get":{}}},"components":{"parameters":{"p":{"name":"p"}}}}`,
			},
			check: func(t *testing.T, doc map[string]any) {
				paths := doc["paths"].(map[string]any)
				if len(paths) != 2 || paths["/a"] == nil || paths["/b"] == nil {
					t.Errorf("paths = %v", paths)
				}
				comps := doc["components"].(map[string]any)
				if comps["schemas"].(map[string]any)["A"] == nil || comps["schemas"].(map[string]any)["Error"] == nil {
					t.Errorf("schemas = %v", comps["schemas"])
				}
				if comps["parameters"].(map[string]any)["p"] == nil {
					t.Errorf("parameters = %v", comps["parameters"])
				}
				if len(doc["tags"].([]any)) != 2 || doc["openapi"] != "3.0.3" {
					t.Errorf("tags = %v, openapi = %v", doc["tags"], doc["openapi"])
				}
			},
		},
		{
			name: "a path described twice",
			files: map[string]string{
				"openapi/base.json": base,
				"openapi/a.json":    `{"paths":{"/a":{"get":{}}}}`,
				"openapi/b.json":    `{"paths":{"/a":{"post":{}}}}`,
			},
			wantErr: "openapi/b.json: path /a is already described",
		},
		{
			name: "a schema defined twice",
			files: map[string]string{
				"openapi/base.json": base,
				"openapi/a.json":    `{"paths":{},"components":{"schemas":{"Error":{}}}}`,
			},
			wantErr: "components.schemas.Error is already defined",
		},
		{
			name:    "a broken fragment names its file",
			files:   map[string]string{"openapi/base.json": base, "openapi/a.json": `{"paths":`},
			wantErr: "openapi/a.json",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, body := range tc.files {
				fsys[name] = &fstest.MapFile{Data: []byte(body)}
			}
			out, err := mergeOpenAPI(fsys)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var doc map[string]any
			if err := json.Unmarshal(out, &doc); err != nil {
				t.Fatal(err)
			}
			tc.check(t, doc)
		})
	}
}

// The embedded fragments must always merge.
func TestEmbeddedOpenAPIMerges(t *testing.T) {
	t.Parallel()
	if _, err := openAPIDocument(); err != nil {
		t.Fatal(err)
	}
}
