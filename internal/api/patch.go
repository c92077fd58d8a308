package api

import (
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"slices"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/httpx"
)

// applyMergePatch reads a JSON merge patch (RFC 7396) from the request
// body and applies it to current, writing the result into out, which the
// caller then hands to the domain to validate and store.
//
// current is the resource as the API shows it (read-only fields are
// dropped before merging); out receives its writable fields. A field
// present in the patch replaces the current value (objects are merged key
// by key), null clears it, an absent one is kept.
// Errors are Invalid: a body that is not a JSON object, a read-only field
// (named, "is read-only"), an unknown field (named) or a value of the wrong
// type (named).
func applyMergePatch(w http.ResponseWriter, r *http.Request, current any, readOnly []string, out any) error {
	var patch any
	if err := httpx.DecodeJSON(w, r, &patch); err != nil {
		return err
	}
	pm, isObject := patch.(map[string]any)
	if !isObject {
		return apperr.New(apperr.Invalid, "A merge patch must be a JSON object.")
	}
	var fe apperr.FieldErrors
	for _, k := range slices.Sorted(maps.Keys(pm)) {
		if slices.Contains(readOnly, k) {
			fe.Add(k, "is read-only")
		}
	}
	if err := fe.Err(); err != nil {
		return err
	}
	b, err := json.Marshal(current)
	if err != nil {
		return apperr.Internalf(err, "Could not apply the patch.")
	}
	var target any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&target); err != nil {
		return apperr.Internalf(err, "Could not apply the patch.")
	}
	if tm, isMap := target.(map[string]any); isMap {
		for _, k := range readOnly {
			delete(tm, k)
		}
	}
	merged, err := json.Marshal(mergePatch(target, pm))
	if err != nil {
		return apperr.Internalf(err, "Could not apply the patch.")
	}
	// Decoding the merged document the way request bodies are decoded
	// refuses unknown fields and wrong types with the same messages.
	rr := r.WithContext(r.Context())
	rr.Body = io.NopCloser(bytes.NewReader(merged))
	return httpx.DecodeJSON(w, rr, out)
}

// mergePatch is RFC 7396's MergePatch(Target, Patch) over decoded JSON.
func mergePatch(target, patch any) any {
	pm, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	tm, ok := target.(map[string]any)
	if !ok {
		tm = map[string]any{}
	}
	for k, v := range pm {
		if v == nil {
			delete(tm, k)
		} else {
			tm[k] = mergePatch(tm[k], v)
		}
	}
	return tm
}
