package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
)

// Reading requests: the pieces every page handler shares.

// pathID reads the {id} wildcard. An id that is not a positive number
// names no record, so it is NotFound rather than Invalid: the person
// followed a broken link, there is nothing to correct in a form.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.NotFoundf("There is nothing with id %q.", r.PathValue("id"))
	}
	return id, nil
}

// parseForm reads a POSTed form; an unreadable body is Invalid.
func parseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return apperr.New(apperr.Invalid, "The form could not be read.")
	}
	return nil
}

// localPath returns p when it is a path on this site ("/followups?x=1"),
// and def otherwise: never "//evil.example", "/\evil", a full address or
// anything with line breaks, so a crafted form or link cannot bounce a
// person to another site after they act or log in.
func localPath(p, def string) string {
	p = strings.TrimSpace(p)
	if p == "" || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") ||
		strings.HasPrefix(p, "/\\") || strings.ContainsAny(p, "\r\n\t") {
		return def
	}
	return p
}

// asInvalid returns the validation error inside err, if that is what err
// is; such errors are shown beside the fields of a re-rendered form.
func asInvalid(err error) (*apperr.Error, bool) {
	var e *apperr.Error
	if errors.As(err, &e) && e.Code == apperr.Invalid {
		return e, true
	}
	return nil, false
}
