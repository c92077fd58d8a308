package relationships

import (
	"context"
	"fmt"
	"slices"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/versions"
)

// LogInteraction records an interaction, and the follow-up it gave rise to
// when in.FollowUp is set, in one transaction: both are saved or neither.
// The follow-up is linked to the interaction and, when it names no member
// and the interaction had exactly one, to that member. created_by is the
// team user in ctx (audit.WithActor), if any.
//
// Errors are Invalid and name the field: "occurred_on" (not a date, or after
// today), "channel", "summary" (required, at most 500 characters), "notes",
// "outcome", "members" (none given, or one that does not exist), "users",
// and "followup.what", "followup.due_on", "followup.owner_id" ... for the
// follow-up.
func (s *Service) LogInteraction(ctx context.Context, in InteractionInput) (Interaction, error) {
	today := s.today()
	var fe apperr.FieldErrors
	fu := in.prepareLog(today, "", &fe)
	if err := fe.Err(); err != nil {
		return Interaction{}, err
	}
	var out Interaction
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		r, err := checkLogRefs(ctx, tx, []InteractionInput{in}, []FollowUpInput{fu}, func(int) string { return "" })
		if err != nil {
			return err
		}
		id, err := tx.Insert(ctx, "INSERT INTO interactions ("+interactionFields+") VALUES ("+store.Placeholders(interactionFieldCount)+")",
			interactionValues(&in, actorUserID(ctx), s.now().Unix())...)
		if err != nil {
			return err
		}
		if err := writeParticipants(ctx, tx, id, in); err != nil {
			return err
		}
		if err := refreshNextDue(ctx, tx, in.MemberIDs); err != nil {
			return err
		}
		summary := fmt.Sprintf("Logged a %s with %s on %s", in.Channel, namesPhrase(r.memberNames(in.MemberIDs)), in.OccurredOn)
		if err := s.record(ctx, tx, "interaction", id, "create", summary); err != nil {
			return err
		}
		if in.FollowUp != nil {
			fu.InteractionID = id
			if _, err := s.insertFollowUp(ctx, tx, fu); err != nil {
				return err
			}
		}
		out, err = getInteraction(ctx, tx, id, today)
		return err
	})
	if err != nil {
		return Interaction{}, store.Wrap(err, "Could not log the interaction.")
	}
	return out, nil
}

// GetInteraction returns one interaction with its participants and
// follow-ups; NotFound when there is no such interaction.
func (s *Service) GetInteraction(ctx context.Context, id int64) (Interaction, error) {
	out, err := getInteraction(ctx, s.DB, id, s.today())
	if err != nil {
		return Interaction{}, store.Wrap(err, "Could not load the interaction.")
	}
	return out, nil
}

// UpdateInteraction replaces every recorded field and both participant
// lists of an interaction; in.FollowUp is ignored (follow-ups are changed on
// their own). Errors as for LogInteraction, and NotFound for an unknown id.
func (s *Service) UpdateInteraction(ctx context.Context, id int64, in InteractionInput) (Interaction, error) {
	return s.UpdateInteractionAt(ctx, id, 0, in)
}

// UpdateInteractionAt is UpdateInteraction made against a version of the
// interaction (0: whatever it is now): when the interaction has moved on,
// nothing is written and the error is a Conflict listing what changed.
func (s *Service) UpdateInteractionAt(ctx context.Context, id, version int64, in InteractionInput) (Interaction, error) {
	return s.EditInteraction(ctx, id, version, func(Interaction) (InteractionInput, error) { return in, nil })
}

// EditInteraction changes interaction id as it stands now: in one
// transaction holding its write lock, it reads the current interaction,
// hands it to change and stores what change returns, checked as a whole,
// so concurrent edits of different fields all survive. When version is not
// 0 the edit is refused with Conflict (apperr.Stale listing what changed)
// unless the interaction is still at that version. Errors as for
// LogInteraction, NotFound for an unknown id, Conflict, and whatever change
// returns.
func (s *Service) EditInteraction(ctx context.Context, id, version int64, change func(current Interaction) (InteractionInput, error)) (Interaction, error) {
	today := s.today()
	var out Interaction
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		list, err := loadInteractions(ctx, tx, "WHERE i.id = ?"+tx.ForUpdate(), []any{id}, today)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return apperr.NotFoundf("Interaction not found.")
		}
		old := list[0]
		if err := interactionHistory.Check(ctx, tx, id, version, old.Version, old.fields()); err != nil {
			return err
		}
		in, err := change(old)
		if err != nil {
			return err
		}
		in.normalize(today)
		var fe apperr.FieldErrors
		in.check(today, "", &fe)
		if err := fe.Err(); err != nil {
			return err
		}
		members, err := checkParticipants(ctx, tx, in.MemberIDs, in.UserIDs)
		if err != nil {
			return err
		}
		if sameInteraction(old, in) {
			// Saving an unchanged form writes nothing, so it does not make
			// a colleague's open form stale.
			out = old
			return nil
		}
		now := s.now()
		if err := interactionHistory.Keep(ctx, tx, id, old.Version, old.fields(), now); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE interactions SET occurred_on = ?, channel = ?, summary = ?, notes = ?,
			outcome = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			in.OccurredOn, string(in.Channel), in.Summary, in.Notes, in.Outcome, now.Unix(), id, old.Version)
		if err != nil {
			return err
		}
		if err := versions.Updated(res, "interaction"); err != nil {
			return err
		}
		// Rewriting the participant rows also carries a changed date into
		// interaction_members.occurred_on, which last-contact reads.
		for _, q := range []string{
			"DELETE FROM interaction_members WHERE interaction_id = ?",
			"DELETE FROM interaction_users WHERE interaction_id = ?",
		} {
			if _, err := tx.Exec(ctx, q, id); err != nil {
				return err
			}
		}
		if err := writeParticipants(ctx, tx, id, in); err != nil {
			return err
		}
		// Those taken off it and those added, and all of them when its
		// date moved.
		if err := refreshNextDue(ctx, tx, append(participantIDs(old.Members), in.MemberIDs...)); err != nil {
			return err
		}
		summary := fmt.Sprintf("Updated the %s with %s on %s", in.Channel, namesPhrase(members), in.OccurredOn)
		if err := s.record(ctx, tx, "interaction", id, "update", summary); err != nil {
			return err
		}
		out, err = getInteraction(ctx, tx, id, today)
		return err
	})
	if err != nil {
		return Interaction{}, store.Wrap(err, "Could not update the interaction.")
	}
	return out, nil
}

// DeleteInteraction removes an interaction and its participant lists.
// Follow-ups it gave rise to stay open, no longer linked to it, because a
// promise made does not disappear with the note of the meeting. NotFound
// for an unknown id.
func (s *Service) DeleteInteraction(ctx context.Context, id int64) error {
	return s.DeleteInteractionAt(ctx, id, 0)
}

// DeleteInteractionAt is DeleteInteraction made against a version of the
// interaction (0: whatever it is now): when it has changed since, nothing
// is deleted and the error is a Conflict listing what changed.
func (s *Service) DeleteInteractionAt(ctx context.Context, id, version int64) error {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		list, err := loadInteractions(ctx, tx, "WHERE i.id = ?"+tx.ForUpdate(), []any{id}, "")
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return apperr.NotFoundf("Interaction not found.")
		}
		it := list[0]
		if err := interactionHistory.Check(ctx, tx, id, version, it.Version, it.fields()); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM interactions WHERE id = ?", id); err != nil {
			return err
		}
		if err := refreshNextDue(ctx, tx, participantIDs(it.Members)); err != nil {
			return err
		}
		names := make([]string, len(it.Members))
		for i, m := range it.Members {
			names[i] = m.Name
		}
		summary := fmt.Sprintf("Deleted the %s with %s on %s", it.Channel, namesPhrase(names), it.OccurredOn)
		return s.recordDeleted(ctx, tx, "interaction", id, it.Summary, summary)
	})
	return store.Wrap(err, "Could not delete the interaction.")
}

// writeParticipants links the interaction's members and users, copying the
// date onto each member row for the last-contact index.
func writeParticipants(ctx context.Context, tx *store.Tx, id int64, in InteractionInput) error {
	for _, m := range in.MemberIDs {
		if _, err := tx.Exec(ctx, "INSERT INTO interaction_members (interaction_id, member_id, occurred_on) VALUES (?, ?, ?)",
			id, m, in.OccurredOn); err != nil {
			return err
		}
	}
	for _, u := range in.UserIDs {
		if _, err := tx.Exec(ctx, "INSERT INTO interaction_users (interaction_id, user_id) VALUES (?, ?)", id, u); err != nil {
			return err
		}
	}
	return nil
}

// sameInteraction reports whether storing the normalized in would leave it
// as it is.
func sameInteraction(it Interaction, in InteractionInput) bool {
	ids := func(ps []Participant) []int64 {
		out := make([]int64, len(ps))
		for i, p := range ps {
			out[i] = p.ID
		}
		slices.Sort(out)
		return out
	}
	return it.OccurredOn == in.OccurredOn && it.Channel == in.Channel && it.Summary == in.Summary &&
		it.Notes == in.Notes && it.Outcome == in.Outcome &&
		slices.Equal(ids(it.Members), slices.Sorted(slices.Values(in.MemberIDs))) &&
		slices.Equal(ids(it.Users), slices.Sorted(slices.Values(in.UserIDs)))
}
