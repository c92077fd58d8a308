package relationships

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strconv"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// LogInteractions records many interactions at once, each with the
// follow-up it gave rise to when it has one: the bulk path for imports of
// a community's history and for the demo loader. Each input is judged
// exactly as LogInteraction judges one, and saved as LogInteraction would
// save it, with created_by the team user in ctx and created_at now. It
// returns the new interactions' ids in the order of ins.
//
// Every input is checked before anything is written, and the batch is
// saved in one transaction: all of it or none. Problems come back as one
// Invalid error naming each field after the input's index,
// "interactions[12].summary", "interactions[3].members" (a member that
// does not exist), "interactions[7].followup.due_on" ...; the fields are
// those of LogInteraction.
//
// The batch is written with multi-row statements of up to 500 rows, and
// the members and users it names are checked with one query per thousand
// ids, so PostgreSQL's round trips grow with the chunks, not the rows. A
// batch holds SQLite's one writer while it is saved: importers should
// pass their history a few thousand interactions at a time.
//
// The audit log gets one entry for the whole batch ("Logged 5,000
// interactions dated 2025-03-10 to 2026-03-09, with 1,096 follow-ups"),
// not one per interaction or follow-up as LogInteraction writes. A batch is
// one act by one person or process, and the log is there to say who did
// what and when: one line says that, while thousands of lines of imported
// history would bury the team's own changes. Each interaction still
// records who logged it and when (created_by, created_at), and any later
// change to it or its follow-up is audited as usual.
func (s *Service) LogInteractions(ctx context.Context, ins []InteractionInput) ([]int64, error) {
	today := s.today()
	batch := slices.Clone(ins)
	fus := make([]FollowUpInput, len(batch))
	var fe apperr.FieldErrors
	for i := range batch {
		fus[i] = batch[i].prepareLog(today, batchPrefix(i), &fe)
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	if len(batch) == 0 {
		return []int64{}, nil
	}
	var ids []int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := checkLogRefs(ctx, tx, batch, fus, batchPrefix); err != nil {
			return err
		}
		var err error
		if ids, err = tx.ReserveIDs(ctx, "interactions", len(batch)); err != nil {
			return err
		}
		return s.writeBatch(ctx, tx, batch, fus, ids)
	})
	if err != nil {
		return nil, store.Wrap(err, "Could not log the interactions; none were saved.")
	}
	return ids, nil
}

// batchPrefix is what LogInteractions puts before the fields of input i.
func batchPrefix(i int) string { return "interactions[" + strconv.Itoa(i) + "]." }

// writeBatch writes a checked batch whose interactions get ids, table by
// table so that every row's parent is already there, and its audit entry.
func (s *Service) writeBatch(ctx context.Context, tx *store.Tx, batch []InteractionInput, fus []FollowUpInput, ids []int64) error {
	by, now := actorUserID(ctx), s.now().Unix()
	var withFollowUp []int
	for i := range batch {
		if batch[i].FollowUp != nil {
			withFollowUp = append(withFollowUp, i)
		}
	}
	fuIDs, err := tx.ReserveIDs(ctx, "followups", len(withFollowUp))
	if err != nil {
		return err
	}
	tables := []struct {
		into string
		cols int
		rows iter.Seq[[]any]
	}{
		{"INSERT INTO interactions (id, " + interactionFields + ")", 1 + interactionFieldCount,
			func(yield func([]any) bool) {
				for i := range batch {
					if !yield(append([]any{ids[i]}, interactionValues(&batch[i], by, now)...)) {
						return
					}
				}
			}},
		{"INSERT INTO interaction_members (interaction_id, member_id, occurred_on)", 3,
			func(yield func([]any) bool) {
				for i := range batch {
					for _, m := range batch[i].MemberIDs {
						if !yield([]any{ids[i], m, batch[i].OccurredOn}) {
							return
						}
					}
				}
			}},
		{"INSERT INTO interaction_users (interaction_id, user_id)", 2,
			func(yield func([]any) bool) {
				for i := range batch {
					for _, u := range batch[i].UserIDs {
						if !yield([]any{ids[i], u}) {
							return
						}
					}
				}
			}},
		{"INSERT INTO followups (id, " + followUpFields + ")", 1 + followUpFieldCount,
			func(yield func([]any) bool) {
				for k, i := range withFollowUp {
					fu := fus[i]
					fu.InteractionID = ids[i]
					if !yield(append([]any{fuIDs[k]}, followUpValues(&fu, by, now)...)) {
						return
					}
				}
			}},
	}
	for _, t := range tables {
		if _, err := tx.InsertMany(ctx, t.into, t.cols, t.rows); err != nil {
			return err
		}
	}
	var who []int64
	for i := range batch {
		who = append(who, batch[i].MemberIDs...)
	}
	if err := refreshNextDue(ctx, tx, who); err != nil {
		return err
	}
	return s.record(ctx, tx, "interaction", 0, "create", batchSummary(batch, len(withFollowUp)))
}

// batchSummary is the audit log's account of a batch: how many
// interactions, over which dates, with how many follow-ups.
func batchSummary(batch []InteractionInput, followUps int) string {
	first, last := batch[0].OccurredOn, batch[0].OccurredOn
	for _, in := range batch[1:] {
		first, last = min(first, in.OccurredOn), max(last, in.OccurredOn)
	}
	dates := "dated " + first
	if last != first {
		dates += " to " + last
	}
	summary := fmt.Sprintf("Logged %s %s", howMany(len(batch), "interaction"), dates)
	if followUps > 0 {
		summary += ", with " + howMany(followUps, "follow-up")
	}
	return summary
}

// howMany writes n things the way a sentence would: "1 interaction",
// "5,000 interactions".
func howMany(n int, noun string) string {
	digits := strconv.Itoa(n)
	var out []byte
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, digits[i])
	}
	if n != 1 {
		noun += "s"
	}
	return string(out) + " " + noun
}

// GetInteractions returns the interactions with these ids, in the order
// given, each with its participants and follow-ups, in a few queries per
// thousand ids; NotFound naming the first id that does not exist. It is
// how a bulk caller reads back what LogInteractions wrote.
func (s *Service) GetInteractions(ctx context.Context, ids []int64) ([]Interaction, error) {
	today := s.today()
	byID := make(map[int64]Interaction, len(ids))
	for chunk := range slices.Chunk(uniqueIDs(ids), idsPerQuery) {
		list, err := loadInteractions(ctx, s.DB, "WHERE i.id IN ("+store.Placeholders(len(chunk))+")", store.Args(chunk), today)
		if err != nil {
			return nil, store.Wrap(err, "Could not load the interactions.")
		}
		for _, it := range list {
			byID[it.ID] = it
		}
	}
	out := make([]Interaction, len(ids))
	for i, id := range ids {
		it, ok := byID[id]
		if !ok {
			return nil, apperr.NotFoundf("Interaction %d not found.", id)
		}
		out[i] = it
	}
	return out, nil
}
