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

// mergePatchBody is a JSON merge patch (RFC 7396) read from a request
// body, to be applied to the current record inside the transaction that
// stores the result, so it always lands on the latest version.
type mergePatchBody struct {
	w     http.ResponseWriter
	r     *http.Request
	patch map[string]any
}

// readMergePatch reads a JSON merge patch from the request body. Errors
// are Invalid: a body that is not a JSON object, or one setting a field in
// readOnly (named, "is read-only").
func readMergePatch(w http.ResponseWriter, r *http.Request, readOnly []string) (mergePatchBody, error) {
	var patch any
	if err := httpx.DecodeJSON(w, r, &patch); err != nil {
		return mergePatchBody{}, err
	}
	pm, isObject := patch.(map[string]any)
	if !isObject {
		return mergePatchBody{}, apperr.New(apperr.Invalid, "A merge patch must be a JSON object.")
	}
	var fe apperr.FieldErrors
	for _, k := range slices.Sorted(maps.Keys(pm)) {
		if slices.Contains(readOnly, k) {
			fe.Add(k, "is read-only")
		}
	}
	return mergePatchBody{w: w, r: r, patch: pm}, fe.Err()
}

// applyTo applies the patch to current, writing the result into out, which
// the caller then hands to the domain to validate and store.
//
// current is the resource as the API shows it (the readOnly fields are
// dropped before merging); out receives its writable fields. A field
// present in the patch replaces the current value (objects are merged key
// by key), null clears it, an absent one is kept. Errors are Invalid: an
// unknown field (named) or a value of the wrong type (named).
func (p mergePatchBody) applyTo(current any, readOnly []string, out any) error {
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
	merged, err := json.Marshal(mergePatch(target, p.patch))
	if err != nil {
		return apperr.Internalf(err, "Could not apply the patch.")
	}
	// Decoding the merged document the way request bodies are decoded
	// refuses unknown fields and wrong types with the same messages.
	rr := p.r.WithContext(p.r.Context())
	rr.Body = io.NopCloser(bytes.NewReader(merged))
	return httpx.DecodeJSON(p.w, rr, out)
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
