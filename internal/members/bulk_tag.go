package members

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/versions"
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
		if err := lockMany(ctx, tx, ids); err != nil {
			return err
		}
		ms, err := loadMany(ctx, tx, ids)
		if err != nil {
			return err
		}
		var touched []Member
		var replaced []versions.Replaced
		for _, m := range ms {
			before := m.fields()
			has := slices.IndexFunc(m.Tags, func(t string) bool { return tagKey(t) == tagKey(tag) })
			switch {
			case !remove && has < 0 && len(m.Tags) >= MaxTagsPerKind:
				return apperr.New(apperr.Invalid, "%s already has %d tags, the most a member can have.", m.Name, MaxTagsPerKind)
			case !remove && has < 0:
				m.Tags = append(m.Tags, tag)
				sortTags(m.Tags)
			case remove && has >= 0:
				m.Tags = slices.Delete(m.Tags, has, has+1)
			default:
				continue
			}
			touched = append(touched, m)
			replaced = append(replaced, versions.Replaced{ID: m.ID, Version: m.Version, Fields: before})
		}
		if len(touched) == 0 {
			return nil
		}
		// A few statements for all of them, not a few per member: on
		// PostgreSQL every statement is a round trip, and 10,000 members
		// one by one took longer than a request may.
		if err := bulkSetTag(ctx, tx, touched, tag, remove); err != nil {
			return err
		}
		// Tags are part of the record, so its version moves on and an edit
		// made before this one learns of the new tag.
		if err := history.KeepMany(ctx, tx, replaced, now); err != nil {
			return err
		}
		if err := bulkSearchText(ctx, tx, touched, now); err != nil {
			return err
		}
		changes := make([]audit.Change, len(touched))
		for i, m := range touched {
			changes[i] = audit.Change{Entity: entity, EntityID: m.ID, Action: action, Summary: summary}
		}
		changed = len(touched)
		return audit.RecordMany(ctx, tx, now, changes)
	})
	if err != nil {
		return 0, store.Wrap(err, "Could not change the tags.")
	}
	return changed, nil
}

// bulkSetTag adds tag to, or takes it off, the plain tags of ms.
func bulkSetTag(ctx context.Context, tx *store.Tx, ms []Member, tag string, remove bool) error {
	if remove {
		ids := make([]int64, len(ms))
		for i, m := range ms {
			ids[i] = m.ID
		}
		cond, arg := store.AnyOfCond(tx.Dialect, "member_id", ids)
		_, err := tx.Exec(ctx, "DELETE FROM member_tags WHERE kind = ? AND tag_key = ? AND "+cond, kindTag, tagKey(tag), arg)
		return err
	}
	row := make([]any, 4)
	_, err := tx.InsertMany(ctx, "INSERT INTO member_tags (member_id, kind, tag, tag_key)", len(row),
		func(yield func([]any) bool) {
			for _, m := range ms {
				row[0], row[1], row[2], row[3] = m.ID, kindTag, tag, tagKey(tag)
				if !yield(row) {
					return
				}
			}
		})
	return err
}

// bulkSearchRows is how many members one search-text UPDATE rewrites.
const bulkSearchRows = 500

// bulkSearchText stores the search text of ms, whose tags changed (tags
// are searchable), marks them updated at now and raises their versions.
func bulkSearchText(ctx context.Context, tx *store.Tx, ms []Member, now time.Time) error {
	for chunk := range slices.Chunk(ms, bulkSearchRows) {
		args := make([]any, 0, 2*len(chunk)+1)
		for _, m := range chunk {
			args = append(args, m.ID, searchText(m))
		}
		values := strings.TrimSuffix(strings.Repeat("(CAST(? AS BIGINT), ?), ", len(chunk)), ", ")
		_, err := tx.Exec(ctx, "WITH v (id, search_text) AS (VALUES "+values+") "+
			"UPDATE members SET search_text = v.search_text, updated_at = ?, version = members.version + 1 FROM v WHERE members.id = v.id",
			append(args, now.Unix())...)
		if err != nil {
			return err
		}
	}
	return nil
}

// lockMany takes the write lock on the rows of members ids (on PostgreSQL;
// SQLite's write transaction already excludes every other writer), in id
// order so two bulk changes cannot deadlock, so that what is read next is
// what the change is applied to.
func lockMany(ctx context.Context, tx *store.Tx, ids []int64) error {
	lock := tx.ForUpdate()
	if lock == "" || len(ids) == 0 {
		return nil
	}
	cond, arg := store.AnyOfCond(tx.Dialect, "id", ids)
	_, err := tx.Exec(ctx, "SELECT id FROM members WHERE "+cond+" ORDER BY id"+lock, arg)
	return err
}
