package relationships

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/versions"
)

// CompleteFollowUp marks a follow-up done now. Completing one that is
// already done changes nothing, so a double click is harmless. NotFound for
// an unknown id.
func (s *Service) CompleteFollowUp(ctx context.Context, id int64) (FollowUp, error) {
	return s.changeFollowUp(ctx, id, 0, "Could not complete the follow-up.", func(tx *store.Tx, f FollowUp) error {
		return s.completeFollowUp(ctx, tx, f)
	})
}

func (s *Service) completeFollowUp(ctx context.Context, tx *store.Tx, f FollowUp) error {
	if f.Status == Done {
		return nil
	}
	now := s.now().Unix()
	if _, err := tx.Exec(ctx, "UPDATE followups SET status = ?, done_at = ?, updated_at = ? WHERE id = ?",
		string(Done), now, now, f.ID); err != nil {
		return err
	}
	return s.record(ctx, tx, "followup", f.ID, "complete", "Completed a follow-up: "+shorten(f.What, 80))
}

// ReopenFollowUp puts a done follow-up back on the open list with its due
// date as it was. Reopening an open one changes nothing. NotFound for an
// unknown id.
func (s *Service) ReopenFollowUp(ctx context.Context, id int64) (FollowUp, error) {
	return s.changeFollowUp(ctx, id, 0, "Could not reopen the follow-up.", func(tx *store.Tx, f FollowUp) error {
		return s.reopenFollowUp(ctx, tx, f)
	})
}

func (s *Service) reopenFollowUp(ctx context.Context, tx *store.Tx, f FollowUp) error {
	if f.Status == Open {
		return nil
	}
	if _, err := tx.Exec(ctx, "UPDATE followups SET status = ?, done_at = NULL, updated_at = ? WHERE id = ?",
		string(Open), s.now().Unix(), f.ID); err != nil {
		return err
	}
	return s.record(ctx, tx, "followup", f.ID, "reopen", "Reopened a follow-up: "+shorten(f.What, 80))
}

// SnoozeFollowUp puts an open follow-up off until a later date: DueOn
// becomes until, OriginalDueOn stays, SnoozeCount goes up by one. until must
// be a date after today (Invalid on "until"); a done follow-up cannot be
// snoozed (Invalid); NotFound for an unknown id.
func (s *Service) SnoozeFollowUp(ctx context.Context, id int64, until string) (FollowUp, error) {
	until = strings.TrimSpace(until)
	if err := s.checkSnooze(until); err != nil {
		return FollowUp{}, err
	}
	return s.changeFollowUp(ctx, id, 0, "Could not snooze the follow-up.", func(tx *store.Tx, f FollowUp) error {
		return s.snoozeFollowUp(ctx, tx, f, until)
	})
}

// checkSnooze refuses a snooze date that is not a date after today,
// naming "until".
func (s *Service) checkSnooze(until string) error {
	today := s.today()
	var fe apperr.FieldErrors
	switch {
	case !validDate(until):
		fe.Add("until", "must be a date written YYYY-MM-DD")
	case until <= today:
		fe.Add("until", "must be after today (today is %s)", today)
	}
	return fe.Err()
}

func (s *Service) snoozeFollowUp(ctx context.Context, tx *store.Tx, f FollowUp, until string) error {
	if f.Status == Done {
		return apperr.New(apperr.Invalid, "This follow-up is done; reopen it before snoozing it.")
	}
	if _, err := tx.Exec(ctx, "UPDATE followups SET due_on = ?, snooze_count = snooze_count + 1, updated_at = ? WHERE id = ?",
		until, s.now().Unix(), f.ID); err != nil {
		return err
	}
	summary := fmt.Sprintf("Snoozed a follow-up from %s until %s: %s", f.DueOn, until, shorten(f.What, 80))
	return s.record(ctx, tx, "followup", f.ID, "snooze", summary)
}

// FollowUpChange is one edit of a follow-up, made in one transaction:
// its fields, then its status, then a snooze.
type FollowUpChange struct {
	// Fields, when set, replace what, due date, owner, member and
	// interaction, as UpdateFollowUp does.
	Fields *FollowUpInput
	// Status, when set, completes (Done) or reopens (Open) it.
	Status FollowUpStatus
	// SnoozeUntil, when set, puts it off until that date, after today.
	SnoozeUntil string
}

// EditFollowUp changes follow-up id as it stands now: in one transaction
// holding its write lock, it hands the current follow-up to change and
// makes the change it returns, so concurrent edits of different fields all
// survive. When version is not 0 the edit is refused with Conflict
// (apperr.Stale listing what changed) unless the follow-up is still at that
// version. Errors as for UpdateFollowUp, CompleteFollowUp, ReopenFollowUp
// and SnoozeFollowUp (Invalid naming "until"), Conflict, and whatever
// change returns; any error leaves the follow-up untouched.
func (s *Service) EditFollowUp(ctx context.Context, id, version int64, change func(current FollowUp) (FollowUpChange, error)) (FollowUp, error) {
	return s.changeFollowUp(ctx, id, version, "Could not update the follow-up.", func(tx *store.Tx, f FollowUp) error {
		c, err := change(f)
		if err != nil {
			return err
		}
		if c.Fields != nil {
			in := *c.Fields
			in.normalize()
			if err := s.updateFollowUpFields(ctx, tx, id, in); err != nil {
				return err
			}
			if f, err = getFollowUp(ctx, tx, id, ""); err != nil {
				return err
			}
		}
		switch c.Status {
		case "":
		case Done:
			err = s.completeFollowUp(ctx, tx, f)
		case Open:
			err = s.reopenFollowUp(ctx, tx, f)
		default:
			err = apperr.New(apperr.Invalid, "status: must be open or done")
		}
		if err != nil {
			return err
		}
		if c.SnoozeUntil == "" {
			return nil
		}
		until := strings.TrimSpace(c.SnoozeUntil)
		if err := s.checkSnooze(until); err != nil {
			return err
		}
		if f, err = getFollowUp(ctx, tx, id, ""); err != nil {
			return err
		}
		return s.snoozeFollowUp(ctx, tx, f, until)
	})
}

// changeFollowUp loads a follow-up in a transaction holding its write
// lock, checks it is still at version (when not 0), lets change act on it
// and returns it as it then stands. When change altered what a person sees
// of it, the version it replaced is kept and its version goes up by one,
// once however many statements change ran.
func (s *Service) changeFollowUp(ctx context.Context, id, version int64, failMsg string, change func(tx *store.Tx, f FollowUp) error) (FollowUp, error) {
	var out FollowUp
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		// The select joins users and members, which PostgreSQL will not
		// lock through an outer join, so the row is locked on its own.
		if lock := tx.ForUpdate(); lock != "" {
			if _, err := tx.Exec(ctx, "SELECT id FROM followups WHERE id = ?"+lock, id); err != nil {
				return err
			}
		}
		f, err := getFollowUp(ctx, tx, id, "")
		if err != nil {
			return err
		}
		if err := followUpHistory.Check(ctx, tx, id, version, f.Version, f.fields()); err != nil {
			return err
		}
		if err := change(tx, f); err != nil {
			return err
		}
		after, err := getFollowUp(ctx, tx, id, s.today())
		if err != nil {
			return err
		}
		if slices.Equal(f.fields(), after.fields()) {
			out = after
			return nil
		}
		if err := followUpHistory.Keep(ctx, tx, id, f.Version, f.fields(), s.now()); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, "UPDATE followups SET version = version + 1 WHERE id = ? AND version = ?", id, f.Version)
		if err != nil {
			return err
		}
		if err := versions.Updated(res, "follow-up"); err != nil {
			return err
		}
		after.Version++
		out = after
		return nil
	})
	if err != nil {
		return FollowUp{}, store.Wrap(err, failMsg)
	}
	return out, nil
}
