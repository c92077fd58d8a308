package api

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// Page sizes every list endpoint accepts: every list's (store.PageLimit).
const (
	defaultLimit = store.DefaultPageLimit
	maxLimit     = store.MaxPageLimit
)

// pathID reads the {id} wildcard. Anything but a positive whole number
// names no resource, so it is NotFound ("There is no <what> with id x."),
// never a server error.
func pathID(r *http.Request, what string) (int64, error) {
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.NotFoundf("There is no %s with id %q.", what, raw)
	}
	return id, nil
}

// queryLimit reads the page size: defaultLimit when absent, otherwise a
// whole number from 1 to maxLimit, or a problem recorded on "limit".
func queryLimit(fe *apperr.FieldErrors, q url.Values) int {
	raw := strings.TrimSpace(q.Get("limit"))
	if raw == "" {
		return defaultLimit
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > maxLimit {
		fe.Add("limit", "must be a whole number from 1 to %d", maxLimit)
		return defaultLimit
	}
	return n
}

// queryID reads an optional id parameter: 0 when absent, otherwise a
// positive whole number, or a problem recorded on key.
func queryID(fe *apperr.FieldErrors, q url.Values, key string) int64 {
	raw := strings.TrimSpace(q.Get(key))
	if raw == "" {
		return 0
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		fe.Add(key, "must be a positive whole number")
		return 0
	}
	return id
}

// queryBool reads an optional true/false parameter; absent is false.
func queryBool(fe *apperr.FieldErrors, q url.Values, key string) bool {
	raw := strings.TrimSpace(q.Get(key))
	if raw == "" {
		return false
	}
	b, err := strconv.ParseBool(raw)
	if err != nil {
		fe.Add(key, "must be true or false")
	}
	return b
}
