package app

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/trellis-community/trellis/internal/jobs"
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
