package content

import (
	"context"
	"time"

	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/clock"
	"github.com/trellis-community/trellis/internal/store"
)

// Service keeps content items, their metrics, campaign templates and
// campaigns. It is safe for concurrent use; every change runs in one
// transaction together with its audit record.
type Service struct {
	DB *store.DB
	// Now is the clock; nil means time.Now. Tests pass a fixed time.
	Now func() time.Time
	// Location is the community's time zone, which decides when "today"
	// starts; nil means UTC.
	Location *time.Location
	// Sessions, when set, lists the programming sessions around a pillar
	// for its campaign page; nil shows none. The programming capability
	// provides it at wiring time.
	Sessions SessionSource
	// PlanSessions, when set, creates the sessions a campaign template
	// plans, inside the template's transaction; nil leaves them out with a
	// note. SessionKinds, when set, are the programme kinds a session
	// entry may name. The programming capability provides both.
	PlanSessions SessionPlanner
	SessionKinds []SessionKind
}

func (s *Service) now() time.Time { return clock.Now(s.Now) }

// Today is the community's calendar date right now, YYYY-MM-DD.
func (s *Service) Today() string { return clock.Today(s.now(), s.Location) }

// record writes one audit entry inside tx, naming the record as name.
func (s *Service) record(ctx context.Context, tx *store.Tx, entity string, id int64, name, action, summary string) error {
	return audit.Record(ctx, tx, s.now(), audit.Change{Entity: entity, EntityID: id, EntityName: name, Action: action, Summary: summary})
}

// actorUserID is the team user behind ctx, or nil for processes (the CLI,
// the demo loader).
func actorUserID(ctx context.Context) any {
	if id := audit.ActorFrom(ctx).UserID; id != 0 {
		return id
	}
	return nil
}
