// Package relationships is the relationship dashboard: the record a
// community manager keeps of the people they tend deliberately (leadership,
// funders, champions, partners, advisory board), every conversation with
// them, and the follow-ups promised along the way. Its dashboard answers the
// morning question "who should I get back to, and who have I let go cold?"
// and explains every answer in plain words.
//
// Dates a person types or reads (when an interaction happened, when a
// follow-up is due) are calendar dates, YYYY-MM-DD, with no time zone.
// "Today" is the community's today: Service.Now read in Service.Location.
package relationships

import (
	"context"
	"time"

	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/clock"
	"github.com/trellis-community/trellis/internal/store"
)

// Service keeps key members, interactions and follow-ups. It is safe for
// concurrent use; every change runs in one transaction together with its
// audit record.
type Service struct {
	DB *store.DB
	// Now is the clock; nil means time.Now. Tests pass a fixed time.
	Now func() time.Time
	// Location is the community's time zone, which decides when "today"
	// starts; nil means UTC.
	Location *time.Location
}

// now is the current time as the database keeps it (see clock.Now).
func (s *Service) now() time.Time { return clock.Now(s.Now) }

func (s *Service) location() *time.Location {
	if s.Location != nil {
		return s.Location
	}
	return time.UTC
}

// today is the community's calendar date right now.
func (s *Service) today() string { return clock.Today(s.now(), s.Location) }

// record writes one audit entry inside tx, stamped with the service's clock.
func (s *Service) record(ctx context.Context, tx *store.Tx, entity string, id int64, action, summary string) error {
	return audit.Record(ctx, tx, s.now(), audit.Change{Entity: entity, EntityID: id, Action: action, Summary: summary})
}

// recordDeleted is record for a record already deleted in tx, whose name
// the audit log can no longer read for itself.
func (s *Service) recordDeleted(ctx context.Context, tx *store.Tx, entity string, id int64, name, summary string) error {
	return audit.Record(ctx, tx, s.now(), audit.Change{Entity: entity, EntityID: id, EntityName: name, Action: "delete", Summary: summary})
}

// actorUserID is the team user behind ctx, or nil for processes (the CLI,
// the demo loader) so created_by stays NULL rather than pointing nowhere.
func actorUserID(ctx context.Context) any {
	return nullID(audit.ActorFrom(ctx).UserID)
}

// memberName is the name Trellis shows for a member: the name they asked to
// be called by, when they gave one. Every query that shows a member uses it
// so a person appears the same way on every list.
const memberName = "COALESCE(NULLIF(m.preferred_name, ''), m.name)"
