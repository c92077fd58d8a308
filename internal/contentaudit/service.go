package contentaudit

import (
	"time"

	"github.com/trellis-community/trellis/internal/clock"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
)

// Service runs audits and keeps the saved ones. It is safe for concurrent
// use.
type Service struct {
	DB *store.DB
	// Members counts the members of saved segments.
	Members *members.Service
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

func (s *Service) now() time.Time { return clock.Now(s.Now) }
