package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
)

// setETag names the version of the single resource a response carries, as
// a strong ETag ("7"), for the client to send back in If-Match.
func setETag(w http.ResponseWriter, version int64) {
	w.Header().Set("ETag", `"`+strconv.FormatInt(version, 10)+`"`)
}

// ifMatch returns the version a request's If-Match header names: 0 when
// there is none or it is "*" (any version will do), so the change is
// applied to the record as it stands. The header must hold one strong ETag
// as GET returns it; anything else is Invalid naming "If-Match", because a
// precondition that cannot be read must not be ignored.
func ifMatch(r *http.Request) (int64, error) {
	values := r.Header.Values("If-Match")
	if len(values) == 0 {
		return 0, nil
	}
	v := strings.TrimSpace(strings.Join(values, ","))
	if v == "*" {
		return 0, nil
	}
	bad := func(why string) error {
		return &apperr.Error{Code: apperr.Invalid, Message: "If-Match: " + why,
			Fields: map[string]string{"If-Match": why}}
	}
	if strings.HasPrefix(v, "W/") {
		return 0, bad(`must be a strong ETag such as "3" (as GET returns it), not a weak one`)
	}
	if strings.Contains(v, ",") {
		return 0, bad(`must hold one ETag, such as "3"`)
	}
	inner, quoted := strings.CutPrefix(v, `"`)
	inner, closed := strings.CutSuffix(inner, `"`)
	n, err := strconv.ParseInt(inner, 10, 64)
	if !quoted || !closed || err != nil || n <= 0 {
		return 0, bad(`must be an ETag such as "3", as GET returns it`)
	}
	return n, nil
}
