package contentaudit

import (
	"context"
	"sync"
	"time"

	"github.com/trellis-community/trellis/internal/clock"
	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/store"
)

// Service runs audits and keeps the saved ones. It is safe for concurrent
// use.
type Service struct {
	DB *store.DB
	// Members counts the members of saved segments.
	Members *members.Service
	// Programming and Content are what the audit looks at.
	Programming *programming.Service
	Content     *content.Service
	// AttendanceByProgramme, when set, gives each programme's reach in
	// [from, to): the attendances its occurrences in the period had, by
	// programme id (programming's attendance provides it). Nil leaves
	// programmes without reach, so effort against reach is judged on
	// content alone.
	AttendanceByProgramme func(ctx context.Context, from, to time.Time) (map[int64]int, error)
	// Location is the community's time zone: it dates sessions and says
	// which day today is. nil means UTC.
	Location *time.Location
	// SegmentTTL is how long a segment's member count is reused before it
	// is counted again (see LoadMembers); 0 counts every time.
	SegmentTTL time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time

	segments segmentCache
}

func (s *Service) now() time.Time { return clock.Now(s.Now) }

func (s *Service) location() *time.Location {
	if s.Location != nil {
		return s.Location
	}
	return time.UTC
}

// Today is the community's date now, YYYY-MM-DD.
func (s *Service) Today() string { return clock.Today(s.now(), s.location()) }

// segmentCache keeps the member side's counts, and segment counts by
// segment id and filter, so a second audit soon after the first (its CSV,
// its print view, saving it) does not count the members again.
type segmentCache struct {
	// counting is held while counting, so audits that start together
	// count once and the others take what it counted.
	counting sync.Mutex
	mu       sync.Mutex
	byKey    map[segmentKey]segmentCount
	// mix is the member side without segments, counted at mixAt.
	mix   Members
	mixAt time.Time
}

type segmentKey struct {
	id    int64
	query string
}

type segmentCount struct {
	n  int
	at time.Time
}

// get returns the count kept for k if it is younger than ttl.
func (c *segmentCache) get(k segmentKey, now time.Time, ttl time.Duration) (segmentCount, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.byKey[k]
	return v, ok && now.Sub(v.at) < ttl
}

func (c *segmentCache) put(k segmentKey, v segmentCount) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byKey == nil {
		c.byKey = map[segmentKey]segmentCount{}
	}
	c.byKey[k] = v
}
