package api_test

import (
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
)

// Roles, short, for case tables.
const (
	owner   = accounts.RoleOwner
	manager = accounts.RoleManager
	viewer  = accounts.RoleViewer
	nobody  = accounts.Role("")
)

// field walks a decoded JSON body: field(body, "error", "fields", "orcid").
func field(v any, path ...string) any {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

// list returns body[key] as a list of objects.
func list(t *testing.T, body map[string]any, key string) []map[string]any {
	t.Helper()
	raw, ok := body[key].([]any)
	if !ok {
		t.Fatalf("%q is not a list: %v", key, body[key])
	}
	out := make([]map[string]any, len(raw))
	for i, x := range raw {
		out[i], ok = x.(map[string]any)
		if !ok {
			t.Fatalf("%s[%d] is not an object: %v", key, i, x)
		}
	}
	return out
}

// id reads a JSON number as an id.
func id(v any) int64 {
	f, _ := v.(float64)
	return int64(f)
}
