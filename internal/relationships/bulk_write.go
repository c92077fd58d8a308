package relationships

import (
	"context"
	"fmt"
	"iter"
	"time"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// History is a community's relationship work to load in bulk: who is key,
// every interaction and every follow-up, each as it stands now. It is what
// an import of a whole history, or the benchmark community, hands to
// WriteBulk.
type History struct {
	KeyMembers   []BulkKeyMember
	Interactions []BulkInteraction
	FollowUps    []BulkFollowUp
}

// BulkKeyMember is a key member and since when.
type BulkKeyMember struct {
	MemberID    int64
	CadenceDays int
	Note        string
	GroupIDs    []int64
	Since       time.Time
}

// BulkInteraction is an interaction with who logged it, and when. Its
// FollowUp must be nil: follow-ups come separately, as BulkFollowUps.
type BulkInteraction struct {
	InteractionInput
	LoggedBy int64 // a team user id, 0 for none
	LoggedAt time.Time
}

// BulkFollowUp is a follow-up in the state it has reached: perhaps
// snoozed, perhaps done.
type BulkFollowUp struct {
	FollowUpInput        // InteractionID is ignored: see Interaction
	Interaction   int    // index into History.Interactions, -1 for none
	OriginalDueOn string // the first due date, before any snooze
	Snoozes       int
	DoneAt        time.Time // zero while open
	CreatedBy     int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// WriteBulk writes h inside tx, a bulk transaction (store.DB.InBulkTx),
// table by table with COPY on PostgreSQL and batched prepared inserts on
// SQLite. today is the community's date, which no interaction may be
// after. Everything is checked before anything is written, as
// LogInteractions checks it; problems come back as one Invalid error
// naming "interactions[12].summary", "followups[3].due_on" or
// "key_members[2].cadence_days". Members, users and groups it names must
// exist (a foreign-key failure otherwise). It writes no audit entries: the
// caller records the load as one act, and analyses BulkTables afterwards.
// Nor does it work out when each key member falls due: the caller calls
// RefreshNextDue once the load's indexes are built (see tx.DeferIndexes).
func WriteBulk(ctx context.Context, tx *store.Tx, today string, h History) error {
	var fe apperr.FieldErrors
	for i, km := range h.KeyMembers {
		if !validCadence(km.CadenceDays) {
			fe.Add(fmt.Sprintf("key_members[%d].cadence_days", i), "must be a whole number of days from %d to %d", MinCadence, MaxCadence)
		}
		if utf8.RuneCountInString(km.Note) > maxNote {
			fe.Add(fmt.Sprintf("key_members[%d].note", i), "must be at most %d characters", maxNote)
		}
	}
	its := make([]InteractionInput, len(h.Interactions))
	for i := range h.Interactions {
		its[i] = h.Interactions[i].InteractionInput
		if its[i].FollowUp != nil {
			fe.Add(fmt.Sprintf("interactions[%d].followup", i), "must be given as a follow-up of its own")
		}
		its[i].prepareLog(today, batchPrefix(i), &fe)
	}
	fus := make([]FollowUpInput, len(h.FollowUps))
	for i := range h.FollowUps {
		f := &h.FollowUps[i]
		fus[i] = f.FollowUpInput
		fus[i].normalize()
		fus[i].InteractionID = 0
		fus[i].check(fmt.Sprintf("followups[%d].", i), &fe)
		if f.Interaction >= len(its) {
			fe.Add(fmt.Sprintf("followups[%d].interaction", i), "names no interaction of the load")
		}
	}
	if err := fe.Err(); err != nil {
		return err
	}

	itIDs, err := tx.ReserveIDs(ctx, "interactions", len(its))
	if err != nil {
		return err
	}
	fuIDs, err := tx.ReserveIDs(ctx, "followups", len(fus))
	if err != nil {
		return err
	}
	tables := []struct {
		name string
		cols []string
		rows iter.Seq[[]any]
	}{
		{"key_members", []string{"member_id", "cadence_days", "note", "since_at"}, func(yield func([]any) bool) {
			for _, km := range h.KeyMembers {
				if !yield([]any{km.MemberID, km.CadenceDays, km.Note, km.Since.Unix()}) {
					return
				}
			}
		}},
		{"key_member_groups", []string{"member_id", "group_id"}, func(yield func([]any) bool) {
			for _, km := range h.KeyMembers {
				for _, g := range uniqueIDs(km.GroupIDs) {
					if !yield([]any{km.MemberID, g}) {
						return
					}
				}
			}
		}},
		{"interactions", []string{"id", "occurred_on", "channel", "summary", "notes", "outcome", "created_by", "created_at", "updated_at"}, func(yield func([]any) bool) {
			row := make([]any, 0, 9)
			for i := range its {
				bi := &h.Interactions[i]
				row = append(append(row[:0], itIDs[i]), interactionValues(&its[i], nullID(bi.LoggedBy), bi.LoggedAt.Unix())...)
				if !yield(row) {
					return
				}
			}
		}},
		{"interaction_members", []string{"interaction_id", "member_id", "occurred_on"}, func(yield func([]any) bool) {
			for i := range its {
				for _, m := range its[i].MemberIDs {
					if !yield([]any{itIDs[i], m, its[i].OccurredOn}) {
						return
					}
				}
			}
		}},
		{"interaction_users", []string{"interaction_id", "user_id"}, func(yield func([]any) bool) {
			for i := range its {
				for _, u := range its[i].UserIDs {
					if !yield([]any{itIDs[i], u}) {
						return
					}
				}
			}
		}},
		{"followups", []string{"id", "interaction_id", "member_id", "what", "due_on", "original_due_on", "snooze_count",
			"owner_id", "status", "done_at", "created_by", "created_at", "updated_at"}, func(yield func([]any) bool) {
			for i := range fus {
				f, in := &h.FollowUps[i], &fus[i]
				var itID int64
				if f.Interaction >= 0 {
					itID = itIDs[f.Interaction]
				}
				original := f.OriginalDueOn
				if original == "" {
					original = in.DueOn
				}
				status, doneAt := string(Open), any(nil)
				if !f.DoneAt.IsZero() {
					status, doneAt = string(Done), f.DoneAt.Unix()
				}
				updated := f.UpdatedAt
				if updated.IsZero() {
					updated = f.CreatedAt
				}
				if !yield([]any{fuIDs[i], nullID(itID), nullID(in.MemberID), in.What, in.DueOn, original, f.Snoozes,
					nullID(in.OwnerID), status, doneAt, nullID(f.CreatedBy), f.CreatedAt.Unix(), updated.Unix()}) {
					return
				}
			}
		}},
	}
	for _, t := range tables {
		if _, err := tx.CopyRows(ctx, t.name, t.cols, t.rows); err != nil {
			return err
		}
	}
	return nil
}

// BulkTables are the tables WriteBulk fills, for store.DB.Analyze.
func BulkTables() []string {
	return []string{"key_members", "key_member_groups", "interactions", "interaction_members", "interaction_users", "followups"}
}
