package app

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/trellis-community/trellis/internal/jobs"
	"github.com/trellis-community/trellis/internal/store"
)

// Kinds of background job Trellis runs on its own.
const (
	JobPurgeExpired = "accounts.purge_expired"
	JobPruneJobs    = "jobs.prune"
	// JobCountAuditMembers counts the content audit's member side ahead
	// of the audits (contentaudit.Service.RefreshMemberCounts).
	JobCountAuditMembers = "contentaudit.count_members"
	// JobFinishErasures scrubs erased people's addresses from the rest of
	// the database, a few hundred rows a transaction
	// (privacy.Service.FinishErasures). Each erasure queues it; the
	// hourly run picks up one a crash interrupted.
	JobFinishErasures = "privacy.finish_erasures"
)

// auditCountsEvery is how often the audit's member counts are made: well
// within the audit's SegmentTTL, so a kept count is always there to read.
const auditCountsEvery = 10 * time.Minute

// How long finished jobs stay on the jobs page: long enough to notice a
// failure after a holiday, short enough that the table stays small.
const (
	keepDoneJobs   = 7 * 24 * time.Hour
	keepFailedJobs = 30 * 24 * time.Hour
)

// registerJobs gives the queue its handlers and periodic schedule. Every
// instance registers the same, and the queue makes sure each period's run
// happens once whatever the number of instances.
func registerJobs(a *App) {
	q := a.Jobs
	q.Register(JobPurgeExpired, func(ctx context.Context, _ json.RawMessage) error {
		n, err := a.Accounts.PurgeExpired(ctx)
		if err == nil && n > 0 {
			a.Log.Info("purged expired sessions and old sign-in attempts", slog.Int64("count", n))
		}
		return err
	})
	q.Every(JobPurgeExpired, time.Hour)
	q.Register(JobPruneJobs, func(ctx context.Context, _ json.RawMessage) error {
		n, err := q.Prune(ctx, keepDoneJobs, keepFailedJobs)
		if err == nil && n > 0 {
			a.Log.Info("pruned finished jobs", slog.Int64("count", n))
		}
		return err
	})
	q.Every(JobPruneJobs, 24*time.Hour)
	q.Register(JobCountAuditMembers, func(ctx context.Context, _ json.RawMessage) error {
		return a.ContentAudit.RefreshMemberCounts(ctx)
	})
	q.Every(JobCountAuditMembers, auditCountsEvery)
	q.Register(JobFinishErasures, func(ctx context.Context, _ json.RawMessage) error {
		_, err := a.Privacy.FinishErasures(ctx)
		return err
	})
	q.Every(JobFinishErasures, time.Hour)
	a.Privacy.ScrubQueued = func(ctx context.Context, tx *store.Tx) error {
		_, _, err := q.EnqueueTx(ctx, tx, JobFinishErasures, nil, jobs.EnqueueOptions{Coalesce: true})
		return err
	}
}
