package api

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"sync"
)

// The OpenAPI description is kept in fragments, one per capability
// (openapi/members.json, openapi/relationships.json ...), so that adding a
// capability adds a file instead of editing one long shared document.
// openapi/base.json holds what every fragment shares: info, security, the
// common parameters, responses and the Error schema.
//
//go:embed openapi/*.json
var openAPIFragments embed.FS

var openAPIDocument = sync.OnceValues(func() ([]byte, error) {
	return mergeOpenAPI(openAPIFragments)
})

// OpenAPI serves the OpenAPI 3 description of this API.
func (h *Handler) OpenAPI(w http.ResponseWriter, r *http.Request) {
	doc, err := openAPIDocument()
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(doc)
}

// openAPIFragment is the part of a document a fragment may contribute.
type openAPIFragment struct {
	Tags       []json.RawMessage                     `json:"tags,omitempty"`
	Paths      map[string]json.RawMessage            `json:"paths"`
	Components map[string]map[string]json.RawMessage `json:"components,omitempty"`
}

// mergeOpenAPI joins base.json and every other fragment into one document.
// Two fragments that define the same path or component are an error, so a
// capability can never silently replace another's description.
func mergeOpenAPI(fsys fs.FS) ([]byte, error) {
	names, err := fs.Glob(fsys, "openapi/*.json")
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	var doc map[string]json.RawMessage
	raw, err := fs.ReadFile(fsys, "openapi/base.json")
	if err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("openapi/base.json: %w", err)
	}
	var merged openAPIFragment
	if err := json.Unmarshal(raw, &merged); err != nil {
		return nil, fmt.Errorf("openapi/base.json: %w", err)
	}
	if merged.Paths == nil {
		merged.Paths = map[string]json.RawMessage{}
	}
	if merged.Components == nil {
		merged.Components = map[string]map[string]json.RawMessage{}
	}
	for _, name := range names {
		if path.Base(name) == "base.json" {
			continue
		}
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("openapi: %w", err)
		}
		var frag openAPIFragment
		if err := json.Unmarshal(raw, &frag); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		merged.Tags = append(merged.Tags, frag.Tags...)
		for p, item := range frag.Paths {
			if _, dup := merged.Paths[p]; dup {
				return nil, fmt.Errorf("%s: path %s is already described by another fragment", name, p)
			}
			merged.Paths[p] = item
		}
		for kind, entries := range frag.Components {
			if merged.Components[kind] == nil {
				merged.Components[kind] = map[string]json.RawMessage{}
			}
			for n, v := range entries {
				if _, dup := merged.Components[kind][n]; dup {
					return nil, fmt.Errorf("%s: components.%s.%s is already defined by another fragment", name, kind, n)
				}
				merged.Components[kind][n] = v
			}
		}
	}
	for key, v := range map[string]any{"tags": merged.Tags, "paths": merged.Paths, "components": merged.Components} {
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		doc[key] = b
	}
	return json.MarshalIndent(doc, "", "  ")
}
