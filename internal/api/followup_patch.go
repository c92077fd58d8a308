package api

import (
	"net/http"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/clock"
	"github.com/trellis-community/trellis/internal/relationships"
)

// followUpPatch is the writable view of a follow-up that a PATCH is merged
// into. Status and SnoozeUntil are actions rather than stored fields:
// "status" completes or reopens it, "snooze_until" puts it off.
type followUpPatch struct {
	newFollowUp
	Status      relationships.FollowUpStatus `json:"status"`
	SnoozeUntil string                       `json:"snooze_until,omitempty"`
}

var followUpReadOnly = []string{"id", "original_due_on", "snooze_count", "overdue", "due_today",
	"owner_name", "member_name", "done_at", "created_at"}

// FollowUpPatch answers PATCH /api/v1/followups/{id} with the follow-up as
// it then stands. The body is a JSON merge patch over what, due_on,
// owner_id, member_id and interaction_id (null clears an id), plus
// "status": "done" or "open" to complete or reopen it and "snooze_until":
// a date after today to put it off (moving due_on, keeping
// original_due_on). due_on and snooze_until cannot be sent together, nor
// can a done follow-up be snoozed. Errors: NotFound; Invalid naming the
// field.
//
// Every check that can fail on input runs before anything is written; the
// changes are then made in order (fields, status, snooze), each in its own
// transaction.
func (h *Handler) FollowUpPatch(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "follow-up")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	rel := h.app.Relationships
	cur, err := rel.GetFollowUp(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	before := followUpPatch{Status: cur.Status, newFollowUp: newFollowUp{
		followUpFields: followUpFields{What: cur.What, DueOn: cur.DueOn, OwnerID: cur.OwnerID, MemberID: cur.MemberID},
		InteractionID:  cur.InteractionID,
	}}
	var p followUpPatch
	if err := applyMergePatch(w, r, before, followUpReadOnly, &p); err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.checkFollowUpPatch(before, p); err != nil {
		h.fail(w, r, err)
		return
	}
	out := cur
	if p.newFollowUp != before.newFollowUp {
		if out, err = rel.UpdateFollowUp(ctx, id, p.input()); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	switch {
	case p.Status == relationships.Done && cur.Status != relationships.Done:
		out, err = rel.CompleteFollowUp(ctx, id)
	case p.Status == relationships.Open && cur.Status != relationships.Open:
		out, err = rel.ReopenFollowUp(ctx, id)
	}
	if err == nil && p.SnoozeUntil != "" {
		out, err = rel.SnoozeFollowUp(ctx, id, p.SnoozeUntil)
	}
	if err != nil {
		h.fail(w, r, renameFields(err, map[string]string{"until": "snooze_until"}))
		return
	}
	ok(w, out)
}

// checkFollowUpPatch refuses, before anything is written, what the
// follow-up's actions would refuse halfway through.
func (h *Handler) checkFollowUpPatch(before, p followUpPatch) error {
	var fe apperr.FieldErrors
	if p.Status != relationships.Open && p.Status != relationships.Done {
		fe.Add("status", "must be open or done")
	}
	if p.SnoozeUntil != "" {
		today := clock.Today(h.app.Now(), h.app.Location)
		until, err := time.Parse(time.DateOnly, p.SnoozeUntil)
		switch {
		case err != nil:
			fe.Add("snooze_until", "must be a date written YYYY-MM-DD")
		case until.Format(time.DateOnly) <= today:
			fe.Add("snooze_until", "must be after today (today is %s)", today)
		case p.DueOn != before.DueOn:
			fe.Add("snooze_until", "cannot be sent with a new due_on; send one or the other")
		case p.Status == relationships.Done:
			fe.Add("snooze_until", "a done follow-up cannot be snoozed; reopen it with \"status\": \"open\"")
		}
	}
	return fe.Err()
}
