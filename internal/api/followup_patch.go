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
	"owner_name", "member_name", "done_at", "created_at", "version"}

// FollowUpPatch answers PATCH /api/v1/followups/{id} with the follow-up as
// it then stands and its new ETag. The body is a JSON merge patch over
// what, due_on, owner_id, member_id and interaction_id (null clears an id),
// plus "status": "done" or "open" to complete or reopen it and
// "snooze_until": a date after today to put it off (moving due_on, keeping
// original_due_on). due_on and snooze_until cannot be sent together, nor
// can a done follow-up be snoozed. With If-Match the patch is applied only
// to that version. Errors: NotFound; Invalid naming the field or If-Match;
// Conflict (409) listing what changed when If-Match names an older version.
//
// The patch is applied to the follow-up as it stands, and every change it
// asks for (fields, status, snooze, in that order) is made, in one
// transaction: all of them or none.
func (h *Handler) FollowUpPatch(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "follow-up")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	version, err := ifMatch(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	patch, err := readMergePatch(w, r, followUpReadOnly)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out, err := h.app.Relationships.EditFollowUp(r.Context(), id, version, func(cur relationships.FollowUp) (relationships.FollowUpChange, error) {
		before := followUpPatch{Status: cur.Status, newFollowUp: newFollowUp{
			followUpFields: followUpFields{What: cur.What, DueOn: cur.DueOn, OwnerID: cur.OwnerID, MemberID: cur.MemberID},
			InteractionID:  cur.InteractionID,
		}}
		var p followUpPatch
		if err := patch.applyTo(before, followUpReadOnly, &p); err != nil {
			return relationships.FollowUpChange{}, err
		}
		if err := h.checkFollowUpPatch(before, p); err != nil {
			return relationships.FollowUpChange{}, err
		}
		var c relationships.FollowUpChange
		if p.newFollowUp != before.newFollowUp {
			in := p.input()
			c.Fields = &in
		}
		if p.Status != cur.Status {
			c.Status = p.Status
		}
		c.SnoozeUntil = p.SnoozeUntil
		return c, nil
	})
	if err != nil {
		h.fail(w, r, renameFields(err, map[string]string{"until": "snooze_until"}))
		return
	}
	setETag(w, out.Version)
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
