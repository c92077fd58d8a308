package httpx_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/httpx"
)

// A query stopped by the request's deadline answers 503 with the timeout
// code however the capability reported it: wrapped by store.Wrap, as an
// Internal error around it, or not wrapped at all.
func TestTimeoutIsServiceUnavailable(t *testing.T) {
	t.Parallel()
	deadline := fmt.Errorf("query: %w", context.DeadlineExceeded)
	tests := []struct {
		name   string
		err    error
		status int
		code   apperr.Code
	}{
		{"timeout code", apperr.Wrap(deadline, apperr.Timeout, "took too long"), http.StatusServiceUnavailable, apperr.Timeout},
		{"internal around a deadline", apperr.Internalf(deadline, "Could not load the member."), http.StatusServiceUnavailable, apperr.Timeout},
		{"bare deadline", deadline, http.StatusServiceUnavailable, apperr.Timeout},
		{"cancelled", context.Canceled, http.StatusServiceUnavailable, apperr.Timeout},
		{"other internal", apperr.Internalf(errors.New("disk full"), "x"), http.StatusInternalServerError, apperr.Internal},
		{"invalid around a deadline", apperr.Wrap(deadline, apperr.Invalid, "bad"), http.StatusUnprocessableEntity, apperr.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := httpx.Status(tt.err); got != tt.status {
				t.Errorf("Status = %d, want %d", got, tt.status)
			}
			code, msg, _ := httpx.Public(tt.err)
			if code != tt.code || msg == "" {
				t.Errorf("Public = %q, %q; want code %q", code, msg, tt.code)
			}
		})
	}
}
