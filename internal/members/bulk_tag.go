package members

import (
	"context"
	"fmt"
	"slices"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
)

// MaxBulkIDs bounds the members one bulk action changes; a script tags
// more in batches.
const MaxBulkIDs = 10_000

// BulkTag adds tag to (or, with remove, takes it off) the plain tags of
// every member in ids, in one transaction, and returns how many members
// changed. Members who already have the tag (ignoring case), or lack it
// when removing, are left alone; ids that do not exist are skipped. Each
// changed member gets an audit entry. A bad tag is an Invalid error naming
// "tag", or "ids" beyond MaxBulkIDs.
func (s *Service) BulkTag(ctx context.Context, ids []int64, tag string, remove bool) (int, error) {
	var fe apperr.FieldErrors
	tag = cleanTag(&fe, "tag", tag)
	if tag == "" {
		fe.Add("tag", "is required")
	}
	if len(ids) > MaxBulkIDs {
		fe.Add("ids", "at most %d members at a time", MaxBulkIDs)
	}
	if err := fe.Err(); err != nil {
		return 0, err
	}
	now := s.now()
	action, summary := "tag", fmt.Sprintf("Added tag %q", tag)
	if remove {
		action, summary = "untag", fmt.Sprintf("Removed tag %q", tag)
	}
	changed := 0
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		ms, err := loadMany(ctx, tx, ids)
		if err != nil {
			return err
		}
		for _, m := range ms {
			has := slices.IndexFunc(m.Tags, func(t string) bool { return tagKey(t) == tagKey(tag) })
			switch {
			case !remove && has < 0 && len(m.Tags) >= MaxTagsPerKind:
				return apperr.New(apperr.Invalid, "%s already has %d tags, the most a member can have.", m.Name, MaxTagsPerKind)
			case !remove && has < 0:
				m.Tags = append(m.Tags, tag)
				sortTags(m.Tags)
				_, err = tx.Exec(ctx, "INSERT INTO member_tags (member_id, kind, tag, tag_key) VALUES (?, ?, ?, ?)",
					m.ID, kindTag, tag, tagKey(tag))
			case remove && has >= 0:
				m.Tags = slices.Delete(m.Tags, has, has+1)
				_, err = tx.Exec(ctx, "DELETE FROM member_tags WHERE member_id = ? AND kind = ? AND tag_key = ?",
					m.ID, kindTag, tagKey(tag))
			default:
				continue
			}
			if err != nil {
				return err
			}
			// Tags are searchable, so the search text changes with them.
			if _, err := tx.Exec(ctx, "UPDATE members SET search_text = ?, updated_at = ? WHERE id = ?",
				searchText(m), now.Unix(), m.ID); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, now, audit.Change{Entity: entity, EntityID: m.ID,
				Action: action, Summary: summary}); err != nil {
				return err
			}
			changed++
		}
		return nil
	})
	if err != nil {
		return 0, store.Wrap(err, "Could not change the tags.")
	}
	return changed, nil
}
