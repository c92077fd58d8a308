package relationships

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

const followUpColumns = `SELECT f.id, f.what, f.due_on, f.original_due_on, f.snooze_count, f.status,
	f.owner_id, COALESCE(u.name, ''), f.member_id, COALESCE(` + memberName + `, ''),
	f.interaction_id, f.done_at, f.created_at, f.version
	FROM followups f LEFT JOIN users u ON u.id = f.owner_id LEFT JOIN members m ON m.id = f.member_id `

// CreateFollowUp records a follow-up on its own. Errors are Invalid naming
// "what" (required, at most 500 characters), "due_on" (a date written
// YYYY-MM-DD), or "owner_id", "member_id", "interaction_id" when that
// user, member or interaction does not exist.
func (s *Service) CreateFollowUp(ctx context.Context, in FollowUpInput) (FollowUp, error) {
	in.normalize()
	var fe apperr.FieldErrors
	in.check("", &fe)
	if err := fe.Err(); err != nil {
		return FollowUp{}, err
	}
	var out FollowUp
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := checkFollowUpRefs(ctx, tx, in, ""); err != nil {
			return err
		}
		id, err := s.insertFollowUp(ctx, tx, in)
		if err != nil {
			return err
		}
		out, err = getFollowUp(ctx, tx, id, s.today())
		return err
	})
	if err != nil {
		return FollowUp{}, store.Wrap(err, "Could not add the follow-up.")
	}
	return out, nil
}

// GetFollowUp returns one follow-up; NotFound when there is none.
func (s *Service) GetFollowUp(ctx context.Context, id int64) (FollowUp, error) {
	f, err := getFollowUp(ctx, s.DB, id, s.today())
	if err != nil {
		return FollowUp{}, store.Wrap(err, "Could not load the follow-up.")
	}
	return f, nil
}

// UpdateFollowUp replaces what, due date, owner, member and interaction.
// Until the follow-up has been snoozed a changed due date is a correction,
// so the original due date follows it; after a snooze the original stays.
// Errors as for CreateFollowUp, and NotFound for an unknown id.
func (s *Service) UpdateFollowUp(ctx context.Context, id int64, in FollowUpInput) (FollowUp, error) {
	in.normalize()
	var fe apperr.FieldErrors
	in.check("", &fe)
	if err := fe.Err(); err != nil {
		return FollowUp{}, err
	}
	return s.changeFollowUp(ctx, id, 0, "Could not update the follow-up.", func(tx *store.Tx, _ FollowUp) error {
		return s.updateFollowUpFields(ctx, tx, id, in)
	})
}

// updateFollowUpFields writes a normalized in over follow-up id, checking
// the records it names, and records it in the audit log.
func (s *Service) updateFollowUpFields(ctx context.Context, tx *store.Tx, id int64, in FollowUpInput) error {
	var fe apperr.FieldErrors
	in.check("", &fe)
	if err := fe.Err(); err != nil {
		return err
	}
	if err := checkFollowUpRefs(ctx, tx, in, ""); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `UPDATE followups SET what = ?, due_on = ?,
		original_due_on = CASE WHEN snooze_count = 0 THEN ? ELSE original_due_on END,
		owner_id = ?, member_id = ?, interaction_id = ?, updated_at = ? WHERE id = ?`,
		in.What, in.DueOn, in.DueOn, nullID(in.OwnerID), nullID(in.MemberID), nullID(in.InteractionID),
		s.now().Unix(), id)
	if err != nil {
		return err
	}
	summary := fmt.Sprintf("Updated a follow-up due %s: %s", in.DueOn, shorten(in.What, 80))
	return s.record(ctx, tx, "followup", id, "update", summary)
}

// insertFollowUp writes a checked follow-up and its audit record.
func (s *Service) insertFollowUp(ctx context.Context, tx *store.Tx, in FollowUpInput) (int64, error) {
	id, err := tx.Insert(ctx, "INSERT INTO followups ("+followUpFields+") VALUES ("+store.Placeholders(followUpFieldCount)+")",
		followUpValues(&in, actorUserID(ctx), s.now().Unix())...)
	if err != nil {
		return 0, err
	}
	summary := fmt.Sprintf("Added a follow-up due %s: %s", in.DueOn, shorten(in.What, 80))
	return id, s.record(ctx, tx, "followup", id, "create", summary)
}

// followUpFields are the columns a new follow-up is written with, in the
// order followUpValues gives them.
const (
	followUpFields = `interaction_id, member_id, what, due_on, original_due_on, owner_id, status,
		created_by, created_at, updated_at`
	followUpFieldCount = 10
)

// followUpValues is the row followUpFields describe for a checked, new
// follow-up created now by createdBy (a user id, or nil): open, and due
// when it was first due.
func followUpValues(in *FollowUpInput, createdBy any, now int64) []any {
	return []any{nullID(in.InteractionID), nullID(in.MemberID), in.What, in.DueOn, in.DueOn,
		nullID(in.OwnerID), string(Open), createdBy, now, now}
}

// checkFollowUpRefs makes sure the owner, member and interaction a
// follow-up names exist; a missing one is Invalid on prefix+its field.
func checkFollowUpRefs(ctx context.Context, q store.Querier, in FollowUpInput, prefix string) error {
	r, err := lookupRefs(ctx, q, []int64{in.MemberID}, []int64{in.OwnerID})
	if err != nil {
		return err
	}
	var fe apperr.FieldErrors
	r.checkFollowUp(&in, prefix, &fe)
	if in.InteractionID != 0 {
		var n int
		if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM interactions WHERE id = ?", in.InteractionID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			fe.Add(prefix+"interaction_id", "interaction %d does not exist", in.InteractionID)
		}
	}
	return fe.Err()
}

func getFollowUp(ctx context.Context, q store.Querier, id int64, today string) (FollowUp, error) {
	list, err := queryFollowUps(ctx, q, "WHERE f.id = ?", []any{id}, today)
	if err != nil {
		return FollowUp{}, err
	}
	if len(list) == 0 {
		return FollowUp{}, apperr.NotFoundf("Follow-up not found.")
	}
	return list[0], nil
}

// queryFollowUps selects follow-ups with tail (WHERE, ORDER BY, LIMIT),
// with owner and member names, judged against today.
func queryFollowUps(ctx context.Context, q store.Querier, tail string, args []any, today string) ([]FollowUp, error) {
	rows, err := q.Query(ctx, followUpColumns+tail, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []FollowUp{}
	for rows.Next() {
		var f FollowUp
		var status string
		var owner, member, interaction, doneAt sql.NullInt64
		var created int64
		if err := rows.Scan(&f.ID, &f.What, &f.DueOn, &f.OriginalDueOn, &f.SnoozeCount, &status,
			&owner, &f.OwnerName, &member, &f.MemberName, &interaction, &doneAt, &created, &f.Version); err != nil {
			return nil, err
		}
		f.Status = FollowUpStatus(status)
		f.OwnerID, f.MemberID, f.InteractionID = owner.Int64, member.Int64, interaction.Int64
		f.DoneAt = store.NullUnixTime(doneAt)
		f.CreatedAt = store.UnixTime(created)
		f.judge(today)
		list = append(list, f)
	}
	return list, rows.Err()
}
