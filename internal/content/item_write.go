package content

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/versions"
)

var itemHistory = versions.History{Noun: "content item", Table: "content_versions", Key: "content_id"}

// Create stores a new item with its authors, channels and goals, and its
// audit entry, in one transaction. Errors are Invalid naming the field
// (see Input for the rules): kind, title, summary, url, status,
// planned_on, published_on, review_by, authors, channels[i].kind,
// channels[i].label, audience.segment_id, audience.career_stages,
// modality, timing, mode, goals[i].goal_id, launch_on, pillar_id.
func (s *Service) Create(ctx context.Context, in Input) (Item, error) {
	in.normalize()
	var fe apperr.FieldErrors
	in.check(0, s.Today(), &fe)
	if err := fe.Err(); err != nil {
		return Item{}, err
	}
	var out Item
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		id, err := s.insertItem(ctx, tx, in)
		if err != nil {
			return err
		}
		if err := s.record(ctx, tx, "content", id, in.Title, "create",
			fmt.Sprintf("Added the %s “%s” (%s)", in.Kind.Label(), in.Title, in.Status.Label())); err != nil {
			return err
		}
		out, err = getItem(ctx, tx, s.DB.Dialect, id, "")
		return err
	})
	if err != nil {
		return Item{}, store.Wrap(err, "Could not save the content item.")
	}
	return out, nil
}

// insertItem checks in's references inside tx and writes the item and its
// rows; in is normalized and checked.
func (s *Service) insertItem(ctx context.Context, tx *store.Tx, in Input) (int64, error) {
	if err := checkRefs(ctx, tx, 0, in); err != nil {
		return 0, err
	}
	now := s.now().Unix()
	id, err := tx.Insert(ctx, `INSERT INTO content_items (kind, title, summary, url, status, planned_on, published_on,
		dated_on, review_by, audience_segment_id, audience_stages, modality, timing, mode, is_pillar, launch_on,
		pillar_id, created_by, created_at, updated_at) VALUES (`+store.Placeholders(20)+`)`,
		string(in.Kind), in.Title, in.Summary, in.URL, string(in.Status), in.PlannedOn, in.PublishedOn,
		datedOn(in.PublishedOn, in.PlannedOn), in.ReviewBy, in.Audience.SegmentID, in.Audience.StagesColumn(),
		string(in.Modality), string(in.Timing), string(in.Mode), in.IsPillar, in.LaunchOn, in.PillarID,
		actorUserID(ctx), now, now)
	if err != nil {
		return 0, err
	}
	return id, writeRows(ctx, tx, id, in)
}

// Get returns one item in full; NotFound when there is none.
func (s *Service) Get(ctx context.Context, id int64) (Item, error) {
	it, err := getItem(ctx, s.DB, s.DB.Dialect, id, "")
	return it, store.Wrap(err, "Could not load the content item.")
}

// Edit changes item id as it stands now: in one transaction holding its
// write lock it reads the item, hands it to change and stores what change
// returns, checked as a whole. When version is not 0 the edit is refused
// with Conflict (what changed) unless the item is still at that version.
// Errors as for Create, NotFound, Conflict, and whatever change returns.
func (s *Service) Edit(ctx context.Context, id, version int64, change func(current Item) (Input, error)) (Item, error) {
	today := s.Today()
	var out Item
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		old, err := getItem(ctx, tx, s.DB.Dialect, id, tx.ForUpdate())
		if err != nil {
			return err
		}
		if err := itemHistory.Check(ctx, tx, id, version, old.Version, old.fields()); err != nil {
			return err
		}
		in, err := change(old)
		if err != nil {
			return err
		}
		in.normalize()
		var fe apperr.FieldErrors
		in.check(id, today, &fe)
		if err := fe.Err(); err != nil {
			return err
		}
		if err := checkRefs(ctx, tx, id, in); err != nil {
			return err
		}
		if sameInput(InputOf(old), in) {
			out = old
			return nil
		}
		now := s.now()
		if err := itemHistory.Keep(ctx, tx, id, old.Version, old.fields(), now); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE content_items SET kind = ?, title = ?, summary = ?, url = ?, status = ?,
			planned_on = ?, published_on = ?, dated_on = ?, review_by = ?, audience_segment_id = ?, audience_stages = ?,
			modality = ?, timing = ?, mode = ?, is_pillar = ?, launch_on = ?, pillar_id = ?, updated_at = ?,
			version = version + 1 WHERE id = ? AND version = ?`,
			string(in.Kind), in.Title, in.Summary, in.URL, string(in.Status), in.PlannedOn, in.PublishedOn,
			datedOn(in.PublishedOn, in.PlannedOn), in.ReviewBy, in.Audience.SegmentID, in.Audience.StagesColumn(),
			string(in.Modality), string(in.Timing), string(in.Mode), in.IsPillar, in.LaunchOn, in.PillarID,
			now.Unix(), id, old.Version)
		if err != nil {
			return err
		}
		if err := versions.Updated(res, "content item"); err != nil {
			return err
		}
		for _, t := range []string{"content_members", "content_users", "content_channels", "content_goals"} {
			if _, err := tx.Exec(ctx, "DELETE FROM "+t+" WHERE content_id = ?", id); err != nil {
				return err
			}
		}
		if err := writeRows(ctx, tx, id, in); err != nil {
			return err
		}
		summary := fmt.Sprintf("Updated the %s “%s”", in.Kind.Label(), in.Title)
		if old.Status != in.Status {
			summary += fmt.Sprintf(": %s → %s", old.Status.Label(), in.Status.Label())
		}
		if err := s.record(ctx, tx, "content", id, in.Title, "update", summary); err != nil {
			return err
		}
		out, err = getItem(ctx, tx, s.DB.Dialect, id, "")
		return err
	})
	if err != nil {
		return Item{}, store.Wrap(err, "Could not update the content item.")
	}
	return out, nil
}

// UpdateAt replaces every field of item id with in, made against version
// (0: whatever it is now). Errors as for Edit.
func (s *Service) UpdateAt(ctx context.Context, id, version int64, in Input) (Item, error) {
	return s.Edit(ctx, id, version, func(Item) (Input, error) { return in, nil })
}

// SetStatus moves item id to status, as the board's small forms do; a
// move to published with no published date dates it today. Errors as for
// Edit.
func (s *Service) SetStatus(ctx context.Context, id, version int64, status Status) (Item, error) {
	return s.Edit(ctx, id, version, func(cur Item) (Input, error) {
		in := InputOf(cur)
		in.Status = status
		if status == Published && in.PublishedOn == "" {
			in.PublishedOn = s.Today()
		}
		if !status.Done() {
			in.PublishedOn = ""
		}
		return in, nil
	})
}

// Delete removes item id with its authors, channels, goals and figures;
// items of its campaign (when it is a pillar) stay, no longer linked to
// it. With version not 0 it is deleted only at that version. NotFound,
// Conflict.
func (s *Service) Delete(ctx context.Context, id, version int64) error {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		it, err := getItem(ctx, tx, s.DB.Dialect, id, tx.ForUpdate())
		if err != nil {
			return err
		}
		if err := itemHistory.Check(ctx, tx, id, version, it.Version, it.fields()); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM content_items WHERE id = ?", id); err != nil {
			return err
		}
		return s.record(ctx, tx, "content", id, it.Title, "delete", fmt.Sprintf("Deleted the %s “%s”", it.Kind.Label(), it.Title))
	})
	return store.Wrap(err, "Could not delete the content item.")
}

// writeRows writes an item's authors, channels and goal links.
func writeRows(ctx context.Context, tx *store.Tx, id int64, in Input) error {
	for i, m := range in.AuthorMemberIDs {
		if _, err := tx.Exec(ctx, "INSERT INTO content_members (content_id, member_id, position) VALUES (?, ?, ?)", id, m, i); err != nil {
			return err
		}
	}
	for i, u := range in.AuthorUserIDs {
		if _, err := tx.Exec(ctx, "INSERT INTO content_users (content_id, user_id, position) VALUES (?, ?, ?)", id, u, i); err != nil {
			return err
		}
	}
	for i, c := range in.Channels {
		if _, err := tx.Exec(ctx, "INSERT INTO content_channels (content_id, position, channel, label) VALUES (?, ?, ?, ?)",
			id, i, string(c.Kind), c.Label); err != nil {
			return err
		}
	}
	for _, l := range in.Goals {
		if _, err := tx.Exec(ctx, "INSERT INTO content_goals (content_id, goal_id, how) VALUES (?, ?, ?)", id, l.GoalID, l.How); err != nil {
			return err
		}
	}
	return nil
}

// checkRefs checks, inside tx, that what in points at exists: authors,
// the audience's segment, goals and the pillar; and that a pillar being
// unmarked has no campaign left.
func checkRefs(ctx context.Context, tx *store.Tx, id int64, in Input) error {
	var fe apperr.FieldErrors
	d := tx.Dialect
	missing := func(table string, ids []int64) (int64, error) {
		if len(ids) == 0 {
			return 0, nil
		}
		cond, arg := store.AnyOfCond(d, "id", ids)
		found := map[int64]bool{}
		err := store.EachRow(ctx, tx, "SELECT id FROM "+table+" WHERE "+cond, []any{arg}, func(rows *sql.Rows) error {
			var x int64
			err := rows.Scan(&x)
			found[x] = true
			return err
		})
		for _, x := range ids {
			if err == nil && !found[x] {
				return x, nil
			}
		}
		return 0, err
	}
	if x, err := missing("members", in.AuthorMemberIDs); err != nil {
		return err
	} else if x != 0 {
		fe.Add("authors", "there is no member #%d", x)
	}
	if x, err := missing("users", in.AuthorUserIDs); err != nil {
		return err
	} else if x != 0 {
		fe.Add("authors", "there is no team user #%d", x)
	}
	if seg := in.Audience.SegmentID; seg != nil {
		if x, err := missing("segments", []int64{*seg}); err != nil {
			return err
		} else if x != 0 {
			fe.Add("audience.segment_id", "there is no saved filter #%d", x)
		}
	}
	if err := goals.CheckLinks(ctx, tx, d, &fe, "goals", in.Goals); err != nil {
		return err
	}
	if p := in.PillarID; p != nil && *p > 0 && *p != id {
		var isPillar bool
		err := tx.QueryRow(ctx, "SELECT is_pillar FROM content_items WHERE id = ?", *p).Scan(&isPillar)
		switch {
		case isNoRows(err):
			fe.Add("pillar_id", "there is no content item #%d", *p)
		case err != nil:
			return err
		case !isPillar:
			fe.Add("pillar_id", "content item #%d is not a pillar", *p)
		}
	}
	if id != 0 && !in.IsPillar {
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM content_items WHERE pillar_id = ?", id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			fe.Add("is_pillar", "%d items belong to this pillar's campaign: move or delete them before it stops being a pillar", n)
		}
	}
	return fe.Err()
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
