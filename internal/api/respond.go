package api

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/httpx"
)

// ok writes v as a 200 response.
func ok(w http.ResponseWriter, v any) { httpx.WriteJSON(w, http.StatusOK, v) }

// created writes v as a 201 response whose Location is collection/id.
func created(w http.ResponseWriter, collection string, id int64, v any) {
	w.Header().Set("Location", collection+"/"+strconv.FormatInt(id, 10))
	httpx.WriteJSON(w, http.StatusCreated, v)
}

// noContent answers a successful DELETE.
func noContent(w http.ResponseWriter) { w.WriteHeader(http.StatusNoContent) }

// renameFields returns err with its field names translated from the
// domain's words to the API's (the domain says "members" where the API's
// body says "member_ids"). Other errors pass through unchanged.
func renameFields(err error, names map[string]string) error {
	var e *apperr.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	out := *e
	out.Fields = make(map[string]string, len(e.Fields))
	for k, v := range e.Fields {
		if to, renamed := names[k]; renamed {
			if strings.HasPrefix(out.Message, k+": ") {
				out.Message = to + out.Message[len(k):]
			}
			k = to
		}
		out.Fields[k] = v
	}
	return &out
}

// prefixFields returns err with prefix put before each field name but
// those in except, for problems found inside a nested value
// ("filter.status").
func prefixFields(err error, prefix string, except ...string) error {
	var e *apperr.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	names := make(map[string]string, len(e.Fields))
	for k := range e.Fields {
		if !slices.Contains(except, k) {
			names[k] = prefix + k
		}
	}
	return renameFields(err, names)
}

// deleteAt answers a DELETE of the record the path's {id} names with 204:
// del removes it at the If-Match version, or as it stands without one.
// Errors are del's (NotFound, Conflict ...) or a bad id or If-Match.
func (h *Handler) deleteAt(w http.ResponseWriter, r *http.Request, what string, del func(ctx context.Context, id, version int64) error) {
	id, err := pathID(r, what)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	version, err := ifMatch(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := del(r.Context(), id, version); err != nil {
		h.fail(w, r, err)
		return
	}
	noContent(w)
}
