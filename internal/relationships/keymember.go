package relationships

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// KeyMember marks a member the team tends deliberately: how often they
// should hear from the team, which stakeholder groups they belong to, and
// since when they have been key.
type KeyMember struct {
	MemberID    int64     `json:"member_id"`
	CadenceDays int       `json:"cadence_days"`
	Groups      []Group   `json:"groups"`
	Note        string    `json:"note"`
	Since       time.Time `json:"since"`
}

// maxNote bounds the free-text note on a key member (why they matter).
const maxNote = 2000

// MaxKeyMemberGroups bounds the stakeholder groups one key member is put
// in: far more than any real list, and a bound on what one request may
// send (40,000 group ids once overflowed the database's parameters).
const MaxKeyMemberGroups = 100

// SetKeyMember makes a member key, or changes their cadence, groups and
// note when they already are (the groups are replaced, Since is kept).
// Errors: NotFound for an unknown member; Invalid naming "cadence_days"
// (outside 1..366), "groups" (an unknown group, or more than
// MaxKeyMemberGroups) or "note" (too long).
func (s *Service) SetKeyMember(ctx context.Context, memberID int64, cadenceDays int, groupIDs []int64, note string) (KeyMember, error) {
	note = strings.TrimSpace(note)
	var fe apperr.FieldErrors
	if !validCadence(cadenceDays) {
		fe.Add("cadence_days", "must be a whole number of days from %d to %d", MinCadence, MaxCadence)
	}
	if utf8.RuneCountInString(note) > maxNote {
		fe.Add("note", "must be at most %d characters", maxNote)
	}
	groupIDs = uniqueIDs(groupIDs)
	if len(groupIDs) > MaxKeyMemberGroups {
		fe.Add("groups", "at most %d stakeholder groups", MaxKeyMemberGroups)
	}
	if err := fe.Err(); err != nil {
		return KeyMember{}, err
	}
	var km KeyMember
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var name string
		err := tx.QueryRow(ctx, "SELECT "+memberName+" FROM members m WHERE m.id = ?", memberID).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("Member not found.")
		}
		if err != nil {
			return err
		}
		groups, err := groupsByID(ctx, tx, groupIDs)
		if err != nil {
			return err
		}
		var existed int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM key_members WHERE member_id = ?", memberID).Scan(&existed); err != nil {
			return err
		}
		// Since is the day they became key and drives "never contacted"
		// cadence, so an edit must not reset it.
		_, err = tx.Exec(ctx, `INSERT INTO key_members (member_id, cadence_days, note, since_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (member_id) DO UPDATE SET cadence_days = excluded.cadence_days, note = excluded.note`,
			memberID, cadenceDays, note, s.now().Unix())
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM key_member_groups WHERE member_id = ?", memberID); err != nil {
			return err
		}
		names := make([]string, len(groups))
		for i, g := range groups {
			names[i] = g.Name
			if _, err := tx.Exec(ctx, "INSERT INTO key_member_groups (member_id, group_id) VALUES (?, ?)", memberID, g.ID); err != nil {
				return err
			}
		}
		action, summary := "create", fmt.Sprintf("Made %s a key member", name)
		if existed > 0 {
			action, summary = "update", fmt.Sprintf("Changed %s's key-member record", name)
		}
		summary += " (" + CadenceLabel(cadenceDays)
		if len(names) > 0 {
			summary += "; " + strings.Join(names, ", ")
		}
		if err := s.record(ctx, tx, "key_member", memberID, action, summary+")"); err != nil {
			return err
		}
		km, err = loadKeyMember(ctx, tx, memberID)
		return err
	})
	if err != nil {
		return KeyMember{}, store.Wrap(err, "Could not save the key member.")
	}
	return km, nil
}

// RemoveKeyMember stops treating a member as key. Their interactions and
// follow-ups stay. NotFound when they are not a key member.
func (s *Service) RemoveKeyMember(ctx context.Context, memberID int64) error {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var name string
		err := tx.QueryRow(ctx, "SELECT "+memberName+` FROM key_members k JOIN members m ON m.id = k.member_id
			WHERE k.member_id = ?`, memberID).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("This member is not a key member.")
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM key_members WHERE member_id = ?", memberID); err != nil {
			return err
		}
		return s.record(ctx, tx, "key_member", memberID, "delete", fmt.Sprintf("%s is no longer a key member", name))
	})
	return store.Wrap(err, "Could not remove the key member.")
}

// GetKeyMember returns a member's key-member record; NotFound when they are
// not a key member.
func (s *Service) GetKeyMember(ctx context.Context, memberID int64) (KeyMember, error) {
	km, err := loadKeyMember(ctx, s.DB, memberID)
	if err != nil {
		return KeyMember{}, store.Wrap(err, "Could not load the key member.")
	}
	return km, nil
}

func loadKeyMember(ctx context.Context, q store.Querier, memberID int64) (KeyMember, error) {
	km := KeyMember{MemberID: memberID}
	var since int64
	err := q.QueryRow(ctx, "SELECT cadence_days, note, since_at FROM key_members WHERE member_id = ?", memberID).
		Scan(&km.CadenceDays, &km.Note, &since)
	if errors.Is(err, sql.ErrNoRows) {
		return KeyMember{}, apperr.NotFoundf("This member is not a key member.")
	}
	if err != nil {
		return KeyMember{}, err
	}
	km.Since = store.UnixTime(since)
	groups, err := keyMemberGroups(ctx, q, []int64{memberID})
	if err != nil {
		return KeyMember{}, err
	}
	km.Groups = groups[memberID]
	if km.Groups == nil {
		km.Groups = []Group{}
	}
	return km, nil
}
