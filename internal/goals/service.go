package goals

import (
	"context"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/clock"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/versions"
)

// Service keeps the shared goals. The web layer, the API and the demo all
// go through it; it is safe for concurrent use, and every change runs in
// one transaction together with its audit record.
type Service struct {
	DB *store.DB
	// Now is the clock; nil means time.Now. Tests pass a fixed one.
	Now func() time.Time
	// Location is the community's time zone, which decides what "today"
	// is for a retirement date; nil means UTC.
	Location *time.Location
	// Sources list what serves a goal: each capability that links to goals
	// (programming, content) registers one when the app is wired.
	Sources []Source
}

// entity is the audit log's name for a goal.
const entity = "goal"

// history keeps the versions of goals that edits replaced.
var history = versions.History{Noun: entity, Table: "goal_versions", Key: "goal_id"}

func (s *Service) now() time.Time { return clock.Now(s.Now) }

// Today is the community's calendar date now, YYYY-MM-DD.
func (s *Service) Today() string { return clock.Today(s.now(), s.Location) }

func (s *Service) record(ctx context.Context, tx *store.Tx, id int64, action, summary string) error {
	return audit.Record(ctx, tx, s.now(), audit.Change{Entity: entity, EntityID: id, Action: action, Summary: summary})
}

// notFound is the error for a goal id that does not exist.
func notFound(id int64) error {
	return apperr.NotFoundf("There is no goal with id %d.", id)
}
