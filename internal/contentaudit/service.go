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
	// SegmentTTL is how long member counts kept in audit_member_counts
	// are used before an audit counts again (see LoadMembers); 0 counts
	// every time. The count-members job (RefreshMemberCounts) runs more
	// often than that, so an audit counts only a segment made or changed
	// since the job last ran.
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

// segmentCache keeps audits that start together on one instance from
// counting the members twice: the one holding counting counts and keeps
// what it counted (see member_counts.go), the others read it.
type segmentCache struct {
	counting sync.Mutex
}
