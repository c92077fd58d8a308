package relationships

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/text"
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
	// Version goes up by one with every change; an edit made against an
	// older version is refused with what changed (see package versions).
	Version int64 `json:"version"`
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
	return s.SetKeyMemberAt(ctx, memberID, 0, cadenceDays, groupIDs, note)
}

// SetKeyMemberAt is SetKeyMember made against a version of the key-member
// record (0: whatever it is now, or not yet key): when the record has moved
// on, or was removed, nothing is written and the error is a Conflict
// listing what changed.
func (s *Service) SetKeyMemberAt(ctx context.Context, memberID, version int64, cadenceDays int, groupIDs []int64, note string) (KeyMember, error) {
	note = strings.TrimSpace(note)
	var fe apperr.FieldErrors
	if !validCadence(cadenceDays) {
		fe.Add("cadence_days", "must be a whole number of days from %d to %d", MinCadence, MaxCadence)
	}
	text.Check(&fe, "note", note)
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
		old, existed, err := lockKeyMember(ctx, tx, memberID)
		if err != nil {
			return err
		}
		if existed {
			if err := keyMemberHistory.Check(ctx, tx, memberID, version, old.Version, old.fields()); err != nil {
				return err
			}
		} else if version != 0 {
			return &apperr.Error{Code: apperr.Conflict,
				Message: "This member is no longer a key member: someone removed them since you opened the record. Save again to make them key anew.",
				Stale:   &apperr.Stale{Changes: []apperr.Change{}}}
		}
		if existed && sameKeyMember(old, cadenceDays, groups, note) {
			km = old
			return nil
		}
		if existed {
			if err := keyMemberHistory.Keep(ctx, tx, memberID, old.Version, old.fields(), s.now()); err != nil {
				return err
			}
		}
		// Since is the day they became key and drives "never contacted"
		// cadence, so an edit must not reset it.
		_, err = tx.Exec(ctx, `INSERT INTO key_members (member_id, cadence_days, note, since_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (member_id) DO UPDATE SET cadence_days = excluded.cadence_days, note = excluded.note,
			version = key_members.version + 1`,
			memberID, cadenceDays, note, s.now().Unix())
		if err != nil {
			return err
		}
		if err := refreshNextDue(ctx, tx, []int64{memberID}); err != nil {
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
		if existed {
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
	return s.RemoveKeyMemberAt(ctx, memberID, 0)
}

// RemoveKeyMemberAt is RemoveKeyMember made against a version of the
// key-member record (0: whatever it is now): when it has changed since,
// nothing is removed and the error is a Conflict listing what changed.
func (s *Service) RemoveKeyMemberAt(ctx context.Context, memberID, version int64) error {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		old, existed, err := lockKeyMember(ctx, tx, memberID)
		if err != nil {
			return err
		}
		if !existed {
			return apperr.NotFoundf("This member is not a key member.")
		}
		if err := keyMemberHistory.Check(ctx, tx, memberID, version, old.Version, old.fields()); err != nil {
			return err
		}
		var name string
		err = tx.QueryRow(ctx, "SELECT "+memberName+" FROM members m WHERE m.id = ?", memberID).Scan(&name)
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

// lockKeyMember loads a member's key-member record inside tx, holding its
// write lock until tx ends; existed is false when they are not key.
func lockKeyMember(ctx context.Context, tx *store.Tx, memberID int64) (km KeyMember, existed bool, err error) {
	km, err = readKeyMember(ctx, tx, memberID, tx.ForUpdate())
	if apperr.Is(err, apperr.NotFound) {
		return KeyMember{}, false, nil
	}
	return km, err == nil, err
}

func loadKeyMember(ctx context.Context, q store.Querier, memberID int64) (KeyMember, error) {
	return readKeyMember(ctx, q, memberID, "")
}

func readKeyMember(ctx context.Context, q store.Querier, memberID int64, lock string) (KeyMember, error) {
	km := KeyMember{MemberID: memberID}
	var since int64
	err := q.QueryRow(ctx, "SELECT cadence_days, note, since_at, version FROM key_members WHERE member_id = ?"+lock, memberID).
		Scan(&km.CadenceDays, &km.Note, &since, &km.Version)
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

// sameKeyMember reports whether setting cadenceDays, groups and note would
// leave km as it is, so saving an unchanged form writes nothing and does
// not make a colleague's open form stale.
func sameKeyMember(km KeyMember, cadenceDays int, groups []Group, note string) bool {
	ids := func(gs []Group) []int64 {
		out := make([]int64, len(gs))
		for i, g := range gs {
			out[i] = g.ID
		}
		slices.Sort(out)
		return out
	}
	return km.CadenceDays == cadenceDays && km.Note == note && slices.Equal(ids(km.Groups), ids(groups))
}
