package privacy

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/trellis-community/trellis/internal/clock"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
)

// Service answers access and erasure requests. It is safe for concurrent
// use.
type Service struct {
	DB      *store.DB
	Members *members.Service
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// ScrubQueued, when set, is called in an erasure's transaction when
	// it left text to scrub: app queues the job that runs FinishErasures.
	ScrubQueued func(ctx context.Context, tx *store.Tx) error

	mu       sync.Mutex
	erasers  []named[Eraser]
	sections []named[Section]
	key      []byte        // the block list's HMAC key, once read
	longest  time.Duration // see LongestWrite
}

type named[T any] struct {
	name string
	fn   T
}

// Person is who an access or erasure request is about, as Trellis knows
// them: the member and every identifier they had.
type Person struct {
	MemberID   int64
	Name       string
	Emails     []string
	Identities []members.Identity
	ORCID      string
	// StandInID, during an erasure, is the anonymous member their
	// attendance and activities were moved to (0 when they had none), for
	// erasers that keep figures made from them.
	StandInID int64
}

// Eraser removes what one capability holds about p, inside the erasure's
// transaction, before the member's own row is deleted (so rows that point
// at the member with ON DELETE CASCADE may be left to that). An error
// rolls the whole erasure back. Imports register one to forget the person
// in their logs and saved rows; see docs/privacy.md.
type Eraser func(ctx context.Context, tx *store.Tx, p Person) error

// Section adds what one capability holds about p to an access export,
// under its name. The value must marshal as JSON.
type Section func(ctx context.Context, q store.Querier, p Person) (any, error)

// RegisterEraser adds an eraser, run after those registered before it.
// Register at start-up, in app.New.
func (s *Service) RegisterEraser(name string, fn Eraser) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.erasers = append(s.erasers, named[Eraser]{name, fn})
}

// RegisterSection adds a section to every access export.
func (s *Service) RegisterSection(name string, fn Section) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sections = append(s.sections, named[Section]{name, fn})
}

func (s *Service) registered() ([]named[Eraser], []named[Section]) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.erasers), slices.Clone(s.sections)
}

func (s *Service) now() time.Time { return clock.Now(s.Now) }

// person reads who member id is.
func (s *Service) person(ctx context.Context, id int64) (members.Member, Person, error) {
	m, err := s.Members.Get(ctx, id)
	if err != nil {
		return m, Person{}, err
	}
	return m, personOf(m), nil
}

func personOf(m members.Member) Person {
	p := Person{MemberID: m.ID, Name: m.Name, Identities: m.Identities, ORCID: m.ORCID}
	for _, e := range m.Emails {
		p.Emails = append(p.Emails, e.Address)
	}
	return p
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
