package relationships

import (
	"context"
	"fmt"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// CompleteFollowUp marks a follow-up done now. Completing one that is
// already done changes nothing, so a double click is harmless. NotFound for
// an unknown id.
func (s *Service) CompleteFollowUp(ctx context.Context, id int64) (FollowUp, error) {
	return s.changeFollowUp(ctx, id, "Could not complete the follow-up.", func(tx *store.Tx, f FollowUp) error {
		if f.Status == Done {
			return nil
		}
		now := s.now().Unix()
		if _, err := tx.Exec(ctx, "UPDATE followups SET status = ?, done_at = ?, updated_at = ? WHERE id = ?",
			string(Done), now, now, id); err != nil {
			return err
		}
		return s.record(ctx, tx, "followup", id, "complete", "Completed a follow-up: "+shorten(f.What, 80))
	})
}

// ReopenFollowUp puts a done follow-up back on the open list with its due
// date as it was. Reopening an open one changes nothing. NotFound for an
// unknown id.
func (s *Service) ReopenFollowUp(ctx context.Context, id int64) (FollowUp, error) {
	return s.changeFollowUp(ctx, id, "Could not reopen the follow-up.", func(tx *store.Tx, f FollowUp) error {
		if f.Status == Open {
			return nil
		}
		if _, err := tx.Exec(ctx, "UPDATE followups SET status = ?, done_at = NULL, updated_at = ? WHERE id = ?",
			string(Open), s.now().Unix(), id); err != nil {
			return err
		}
		return s.record(ctx, tx, "followup", id, "reopen", "Reopened a follow-up: "+shorten(f.What, 80))
	})
}

// SnoozeFollowUp puts an open follow-up off until a later date: DueOn
// becomes until, OriginalDueOn stays, SnoozeCount goes up by one. until must
// be a date after today (Invalid on "until"); a done follow-up cannot be
// snoozed (Invalid); NotFound for an unknown id.
func (s *Service) SnoozeFollowUp(ctx context.Context, id int64, until string) (FollowUp, error) {
	until = strings.TrimSpace(until)
	today := s.today()
	var fe apperr.FieldErrors
	switch {
	case !validDate(until):
		fe.Add("until", "must be a date written YYYY-MM-DD")
	case until <= today:
		fe.Add("until", "must be after today (today is %s)", today)
	}
	if err := fe.Err(); err != nil {
		return FollowUp{}, err
	}
	return s.changeFollowUp(ctx, id, "Could not snooze the follow-up.", func(tx *store.Tx, f FollowUp) error {
		if f.Status == Done {
			return apperr.New(apperr.Invalid, "This follow-up is done; reopen it before snoozing it.")
		}
		if _, err := tx.Exec(ctx, "UPDATE followups SET due_on = ?, snooze_count = snooze_count + 1, updated_at = ? WHERE id = ?",
			until, s.now().Unix(), id); err != nil {
			return err
		}
		summary := fmt.Sprintf("Snoozed a follow-up from %s until %s: %s", f.DueOn, until, shorten(f.What, 80))
		return s.record(ctx, tx, "followup", id, "snooze", summary)
	})
}

// changeFollowUp loads a follow-up in a transaction, lets change act on it
// and returns it as it then stands.
func (s *Service) changeFollowUp(ctx context.Context, id int64, failMsg string, change func(tx *store.Tx, f FollowUp) error) (FollowUp, error) {
	var out FollowUp
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		f, err := getFollowUp(ctx, tx, id, "")
		if err != nil {
			return err
		}
		if err := change(tx, f); err != nil {
			return err
		}
		out, err = getFollowUp(ctx, tx, id, s.today())
		return err
	})
	if err != nil {
		return FollowUp{}, store.Wrap(err, failMsg)
	}
	return out, nil
}
