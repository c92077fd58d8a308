package relationships

import (
	"context"
	"fmt"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
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
	today := s.today()
	in.normalize(today)
	var fe apperr.FieldErrors
	in.check(today, "", &fe)
	if err := fe.Err(); err != nil {
		return Interaction{}, err
	}
	var out Interaction
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := interactionExists(ctx, tx, id); err != nil {
			return err
		}
		members, err := checkParticipants(ctx, tx, in.MemberIDs, in.UserIDs)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE interactions SET occurred_on = ?, channel = ?, summary = ?, notes = ?,
			outcome = ?, updated_at = ? WHERE id = ?`,
			in.OccurredOn, string(in.Channel), in.Summary, in.Notes, in.Outcome, s.now().Unix(), id)
		if err != nil {
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
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		list, err := loadInteractions(ctx, tx, "WHERE i.id = ?", []any{id}, "")
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return apperr.NotFoundf("Interaction not found.")
		}
		it := list[0]
		if _, err := tx.Exec(ctx, "DELETE FROM interactions WHERE id = ?", id); err != nil {
			return err
		}
		names := make([]string, len(it.Members))
		for i, m := range it.Members {
			names[i] = m.Name
		}
		summary := fmt.Sprintf("Deleted the %s with %s on %s", it.Channel, namesPhrase(names), it.OccurredOn)
		return s.record(ctx, tx, "interaction", id, "delete", summary)
	})
	return store.Wrap(err, "Could not delete the interaction.")
}

func interactionExists(ctx context.Context, q store.Querier, id int64) error {
	var n int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM interactions WHERE id = ?", id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return apperr.NotFoundf("Interaction not found.")
	}
	return nil
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
