package imports

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"time"

	"github.com/trellis-community/trellis/internal/store"
)

// Activity is something a record's person did on the platform a file
// comes from: a Slack message, a Discourse reply, a GitHub review. It is
// written for the member the record became or matched, in the run's
// transaction, once however often the file comes: Source and ExternalID
// name it.
type Activity struct {
	Kind       string // a participation kind's key: "posted_chat", "reviewed_pull_request"
	Source     string // the platform: "slack", "discourse", "github"
	OccurredAt time.Time
	Title      string
	URL        string
	ExternalID string // the platform's own id for it, unique within Source
}

// MemberActivity is an Activity for the member its record was placed as.
type MemberActivity struct {
	MemberID int64
	Line     int // the record's line
	Activity
}

// ActivitySink is where records' activities go: participation, wired by
// app (imports does not speak participation's vocabulary).
type ActivitySink struct {
	// Check says what is wrong with an activity ("" when nothing): it is
	// left out and reported on its record's line; the person still comes in.
	Check func(a MemberActivity, now time.Time) string
	// Put writes a batch's activities in the run's transaction, marked
	// with the run, skipping those already stored; it returns how many it
	// created.
	Put func(ctx context.Context, tx *store.Tx, runID int64, acts []MemberActivity) (int, error)
	// Remove deletes the activities run runID added, in the undo's
	// transaction, and returns the members they belonged to.
	Remove func(ctx context.Context, tx *store.Tx, runID int64) ([]int64, error)
	// Changed brings those members' standing up to date after the commit.
	Changed func(ctx context.Context, memberIDs []int64) error
}

// activityLoad is what a run keeps about the activities it writes.
type activityLoad struct {
	sink       *ActivitySink
	actMembers map[int64]bool // members given activities by this run
	actCreated int64          // activities created
}

// errNoActivitySink refuses a file carrying activities when nothing was
// wired to keep them, rather than dropping them in silence.
var errNoActivitySink = errors.New("this import's activities have nowhere to go (no activity sink)")

// writeActivities writes the activities of a batch's records for the
// members ids gives (0: the record was refused, and so are its
// activities).
func (l *loader) writeActivities(ctx context.Context, batch []Record, ids []int64) error {
	var acts []MemberActivity
	for i, rec := range batch {
		if ids[i] == 0 || len(rec.Activities) == 0 {
			continue
		}
		if l.sink == nil {
			return errNoActivitySink
		}
		for _, a := range rec.Activities {
			ma := MemberActivity{MemberID: ids[i], Line: rec.Line, Activity: a}
			if l.sink.Check != nil {
				if msg := l.sink.Check(ma, l.now); msg != "" {
					// The person is placed; only this activity is left out.
					if len(l.issues) < maxIssues {
						l.issues = append(l.issues, Issue{File: l.file, Line: rec.Line, Kind: IssueRefused, MemberID: ids[i], Field: "activities",
							Message: fmt.Sprintf("activity %s %s left out: %s", a.Source, a.ExternalID, msg)})
					}
					continue
				}
			}
			acts = append(acts, ma)
		}
	}
	if len(acts) == 0 {
		return nil
	}
	n, err := l.sink.Put(ctx, l.tx, l.runID, acts)
	if err != nil {
		return err
	}
	l.actCreated += int64(n)
	l.counts.ActivitiesCreated += int64(n)
	l.counts.ActivitiesExisting += int64(len(acts) - n)
	if l.actMembers == nil {
		l.actMembers = map[int64]bool{}
	}
	for _, a := range acts {
		l.actMembers[a.MemberID] = true
	}
	return nil
}

// activitiesAdded brings the standing of the members a committed run gave
// activities up to date. The run stays whatever happens: a failure is
// logged, and the background pass over everyone catches up.
func (s *Service) activitiesAdded(ctx context.Context, l *loader) {
	// A file that brought nothing new (the same file again) leaves every
	// standing as it was.
	if l.actCreated == 0 || len(l.actMembers) == 0 {
		return
	}
	s.activitiesChanged(ctx, l.runID, slices.Sorted(maps.Keys(l.actMembers)))
}

// removeActivities deletes, in an undo's transaction, the activities run
// id added, and returns the members they belonged to.
func (s *Service) removeActivities(ctx context.Context, tx *store.Tx, id int64) ([]int64, error) {
	if s.Activities == nil || s.Activities.Remove == nil {
		return nil, nil
	}
	return s.Activities.Remove(ctx, tx, id)
}

// activitiesChanged runs the sink's Changed for members ids after a run
// or its undo committed, logging rather than failing what is done.
func (s *Service) activitiesChanged(ctx context.Context, runID int64, ids []int64) {
	if s.Activities == nil || s.Activities.Changed == nil || len(ids) == 0 {
		return
	}
	if err := s.Activities.Changed(ctx, ids); err != nil {
		slog.Default().Error("import: re-deriving participation failed", slog.Int64("run", runID), slog.String("err", err.Error()))
	}
}
