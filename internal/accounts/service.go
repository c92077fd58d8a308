package accounts

import (
	"time"

	"github.com/trellis-community/trellis/internal/store"
)

// DefaultSessionTTL is how long a browser session lasts when
// Service.SessionTTL is zero.
const DefaultSessionTTL = 30 * 24 * time.Hour

// Service manages team accounts, their sign-ins and their API tokens. Fill
// in the fields and use it through a pointer; it is safe for concurrent
// use, and several Trellis instances may share one database.
//
// Service does not decide who may call what: the web and CLI layers check
// the caller's Role first (CanAdmin for anything about other people's
// accounts).
type Service struct {
	DB *store.DB
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// SessionTTL is how long a session lasts; 0 means DefaultSessionTTL.
	// Sessions slide: one used after half its life is extended to a full
	// TTL from that moment.
	SessionTTL time.Duration
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Service) sessionTTL() time.Duration {
	if s.SessionTTL > 0 {
		return s.SessionTTL
	}
	return DefaultSessionTTL
}

// fromUnix turns a stored instant back into a time, in UTC like every
// instant Trellis hands out.
func fromUnix(sec int64) time.Time { return time.Unix(sec, 0).UTC() }

// fromNullUnix is fromUnix for nullable columns.
func fromNullUnix(sec *int64) *time.Time {
	if sec == nil {
		return nil
	}
	t := fromUnix(*sec)
	return &t
}
