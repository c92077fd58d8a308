package content_test

import (
	"errors"

	"github.com/trellis-community/trellis/internal/apperr"
)

func asError(err error, e **apperr.Error) bool { return errors.As(err, e) }
