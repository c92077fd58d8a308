package app

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/trellis-community/trellis/internal/jobs"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/privacy"
	"github.com/trellis-community/trellis/internal/store"
)

// JobRederiveParticipation re-derives every member's participation
// standing (mode, engagement, stage). It runs after the rules change
// (RulesChanged enqueues it) and every hour, when it does work only if
// the community's day has turned since the last pass (windows slide,
// members drift) or a change of rules is still waiting.
const JobRederiveParticipation = "participation.rederive"

// wireParticipation registers the re-derivation job and hangs it on
// participation's RulesChanged seam.
//
// Why a daily pass rather than correcting at read time: engagement is
// corrected at read time (it decays exactly, see participation.EngagementKey), but
// mode and stage change with the calendar and the lists filter and sort on
// them in SQL across 100,000 members; the stored rows must hold today's.
// The pass is checked hourly, so it runs within an hour of the
// community's midnight whatever its time zone, and costs nothing on the
// other 23 checks.
func wireParticipation(a *App) {
	part := a.Participation
	part.Location = a.Location
	a.Jobs.Register(JobRederiveParticipation, func(ctx context.Context, _ json.RawMessage) error {
		before, err := part.StandingState(ctx)
		if err != nil {
			return err
		}
		res, err := part.RederiveAll(ctx, false)
		if err != nil {
			return err
		}
		// A change of rules (a kind's mode) or a batch too big to roll up
		// as it came also changes the figures over time: rebuild them.
		if before.RulesSeq > before.DerivedSeq {
			if err := part.RollUpAll(ctx); err != nil {
				return err
			}
		}
		// Members a change marked and no job has rolled up yet (see
		// JobRollUpParticipation), in case one was lost.
		if _, err := part.RollUpPending(ctx); err != nil {
			return err
		}
		if !res.Skipped {
			a.Log.Info("re-derived participation", slog.Int("members", res.Members), slog.Int64("activities", res.Activities),
				slog.Duration("took", res.Took))
		}
		// A change of rules that came while this pass read gets a pass of
		// its own.
		after, err := part.StandingState(ctx)
		if err == nil && after.RulesSeq > before.RulesSeq {
			return enqueueRederive(ctx, a, after.DerivedSeq)
		}
		return err
	})
	a.Jobs.Every(JobRederiveParticipation, time.Hour)
	part.RulesChanged = func(ctx context.Context) error {
		derived, err := part.MarkRulesChanged(ctx)
		if err != nil {
			return err
		}
		return enqueueRederive(ctx, a, derived)
	}
}

// enqueueRederive queues one re-derivation for every change of rules made
// since the pass that read rules_seq derived: changes in a row share the
// job (its dedupe key), and one made after that job started gets another.
func enqueueRederive(ctx context.Context, a *App, derived int64) error {
	_, _, err := a.Jobs.Enqueue(ctx, JobRederiveParticipation, nil, jobs.EnqueueOptions{DedupeKey: fmt.Sprintf("rules changed after pass %d", derived)})
	return err
}

// JobRollUpParticipation brings the figures over time up to date: it
// rebuilds the roll-up whole when it is stale (never built, built in
// another time zone, a rebuild left unfinished) and rolls up the members
// that changes marked (participation.MarkForRollUp): merges and their
// undo, deletions, erasures, edits, attendance, imports. Every such change
// queues it in its own transaction.
const JobRollUpParticipation = "participation.rollup"

// wireRollUp registers the roll-up job and hangs it on the seams of the
// capabilities whose changes move the figures over time.
func wireRollUp(a *App) {
	part := a.Participation
	a.Jobs.Register(JobRollUpParticipation, func(ctx context.Context, _ json.RawMessage) error {
		st, err := part.RollUpStatus(ctx)
		if err != nil {
			return err
		}
		if st.Stale() {
			start := time.Now()
			if err := part.RollUpAll(ctx); err != nil {
				return err
			}
			longest, _ := participation.LastRebuildLongestTx()
			a.Log.Info("rebuilt the participation figures", slog.Duration("took", time.Since(start)),
				slog.Duration("longest_transaction", longest))
		}
		_, err = part.RollUpPending(ctx)
		return err
	})
	part.RollUpQueued = func(ctx context.Context, tx *store.Tx) error {
		// A waiting job rolls up every member marked before it runs, so
		// one is enough (the demo's load queued 64). A job that already
		// started may miss marks committed after it read them on
		// PostgreSQL; the hourly re-derive job drains those.
		_, _, err := a.Jobs.EnqueueTx(ctx, tx, JobRollUpParticipation, nil, jobs.EnqueueOptions{Coalesce: true})
		return err
	}
	// Merges, their undo, deletions, edits of the fields the figures
	// group by, imports.
	a.Members.Changed = part.MarkForRollUp
	// An erasure moves the person's activities to an anonymous stand-in
	// and takes their fields out of the figures at once, not a job later.
	a.Privacy.RegisterEraser("participation figures", func(ctx context.Context, tx *store.Tx, p privacy.Person) error {
		ids := []int64{p.MemberID}
		if p.StandInID != 0 {
			ids = append(ids, p.StandInID)
		}
		return part.RollUpTx(ctx, tx, ids)
	})
}

// queueStaleRollUp queues JobRollUpParticipation when the roll-up is
// stale, once for each state it is stale in, and reports whether it did.
func queueStaleRollUp(ctx context.Context, a *App) (bool, error) {
	st, err := a.Participation.RollUpStatus(ctx)
	if err != nil || !st.Stale() {
		return false, err
	}
	_, created, err := a.Jobs.Enqueue(ctx, JobRollUpParticipation, nil, jobs.EnqueueOptions{
		DedupeKey: fmt.Sprintf("stale: built %d, rebuilding since %d, zone %s", st.RebuiltAt.Unix(), st.Since.Unix(), a.Location)})
	return created, err
}
