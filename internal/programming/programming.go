// Package programming is the community's calendar of things to take part
// in: community calls, workshops, training courses, office hours, working
// groups, hackathons and the rest. A programme says what it is, who hosts
// it (team or members: member-led programming shows), who it is for, how
// people take part (spoken or written, live or in their own time, which
// CSCCE participation modes it offers), how accessible it is and which
// shared goals it serves. Its sessions say when: one-off meetings or
// recurring series ("first Tuesday of the month at 16:00 Europe/Berlin")
// with skipped, moved and cancelled dates.
//
// Instants are kept in UTC; each session keeps the IANA zone it is planned
// in, and a recurring series repeats in that zone, so its wall-clock time
// holds across daylight saving.
package programming

import (
	"context"
	"time"

	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/clock"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/versions"
)

// Service keeps programmes and their sessions. It is safe for concurrent
// use; every change runs in one transaction together with its audit entry.
type Service struct {
	DB *store.DB
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Location is the community's time zone: it dates what serves a goal
	// and is the zone pages show when the viewer has none. nil means UTC.
	Location *time.Location
	// Activities writes the activities attendance stands for, inside the
	// transaction changing it (see ActivitySink); nil writes none.
	Activities ActivitySink
}

var (
	programmeHistory = versions.History{Noun: "programme", Table: "programme_versions", Key: "programme_id"}
	sessionHistory   = versions.History{Noun: "session", Table: "session_versions", Key: "session_id"}
)

func (s *Service) now() time.Time { return clock.Now(s.Now) }

func (s *Service) location() *time.Location {
	if s.Location != nil {
		return s.Location
	}
	return time.UTC
}

func (s *Service) record(ctx context.Context, tx *store.Tx, entity string, id int64, action, summary string) error {
	return audit.Record(ctx, tx, s.now(), audit.Change{Entity: entity, EntityID: id, Action: action, Summary: summary})
}

func (s *Service) recordDeleted(ctx context.Context, tx *store.Tx, entity string, id int64, name, summary string) error {
	return audit.Record(ctx, tx, s.now(), audit.Change{Entity: entity, EntityID: id, EntityName: name, Action: "delete", Summary: summary})
}

// actorUserID is the team user behind ctx, or nil for processes.
func actorUserID(ctx context.Context) any {
	if id := audit.ActorFrom(ctx).UserID; id != 0 {
		return id
	}
	return nil
}
