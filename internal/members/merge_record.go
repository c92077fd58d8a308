package members

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
)

// MergeRecord is one merge as the history keeps it: who stayed, who went,
// who did it and whether it was undone.
type MergeRecord struct {
	ID          int64      `json:"id"`
	KeptID      int64      `json:"kept_id"`
	KeptName    string     `json:"kept_name"`
	DroppedID   int64      `json:"dropped_id"`
	DroppedName string     `json:"dropped_name"`
	MergedAt    time.Time  `json:"merged_at"`
	MergedBy    string     `json:"merged_by"`
	UndoneAt    *time.Time `json:"undone_at"`
}

const mergeColumns = "id, kept_id, kept_name, dropped_id, dropped_name, merged_at, actor, undone_at"

func scanMerge(sc scanner) (MergeRecord, error) {
	var m MergeRecord
	var at int64
	var undone sql.NullInt64
	if err := sc.Scan(&m.ID, &m.KeptID, &m.KeptName, &m.DroppedID, &m.DroppedName, &at, &m.MergedBy, &undone); err != nil {
		return MergeRecord{}, err
	}
	m.MergedAt = time.Unix(at, 0).UTC()
	if undone.Valid {
		t := time.Unix(undone.Int64, 0).UTC()
		m.UndoneAt = &t
	}
	return m, nil
}

// recordMerge stores the merge of drop into keep with the rows before and after.
func recordMerge(ctx context.Context, tx *store.Tx, now time.Time, keep, drop Member, before, after rowSet) error {
	b, err := before.encode()
	if err != nil {
		return err
	}
	a, err := after.encode()
	if err != nil {
		return err
	}
	actor := audit.ActorFrom(ctx)
	var by any
	if actor.UserID != 0 {
		by = actor.UserID
	}
	_, err = tx.Exec(ctx, `INSERT INTO member_merges (kept_id, dropped_id, kept_name, dropped_name, merged_at,
		merged_by, actor, before_rows, after_rows) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		keep.ID, drop.ID, keep.Name, drop.Name, now.Unix(), by, actor.Name, b, a)
	return err
}

// Merges returns the merges member id took part in, kept or dropped,
// newest first (at most 100): the merge page lists them with an undo
// button. An empty list when there are none.
func (s *Service) Merges(ctx context.Context, id int64) ([]MergeRecord, error) {
	out := []MergeRecord{}
	err := store.EachRow(ctx, s.DB, "SELECT "+mergeColumns+` FROM member_merges WHERE kept_id = ?
		UNION SELECT `+mergeColumns+` FROM member_merges WHERE dropped_id = ? ORDER BY id DESC LIMIT 100`,
		[]any{id, id}, func(rows *sql.Rows) error {
			m, err := scanMerge(rows)
			out = append(out, m)
			return err
		})
	return out, store.Wrap(err, "Could not load the merges.")
}

// GetMerge returns one merge, or NotFound.
func (s *Service) GetMerge(ctx context.Context, id int64) (MergeRecord, error) {
	m, err := scanMerge(s.DB.QueryRow(ctx, "SELECT "+mergeColumns+" FROM member_merges WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return MergeRecord{}, apperr.NotFoundf("There is no merge with id %d.", id)
	}
	return m, store.Wrap(err, "Could not load the merge.")
}

// MergedInto follows a member id that is gone because it was merged away
// to the member who holds its record now (through later merges too), so
// an old link or audit entry still leads somewhere. NotFound when id was
// not merged away (never existed, or was deleted); it does not check
// whether id exists today.
func (s *Service) MergedInto(ctx context.Context, id int64) (MergeRecord, error) {
	var last MergeRecord
	seen := map[int64]bool{}
	for cur := id; !seen[cur]; {
		seen[cur] = true
		m, err := scanMerge(s.DB.QueryRow(ctx, "SELECT "+mergeColumns+` FROM member_merges
			WHERE dropped_id = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1`, cur))
		if errors.Is(err, sql.ErrNoRows) {
			break
		}
		if err != nil {
			return MergeRecord{}, store.Wrap(err, "Could not load the merge.")
		}
		last = m
		var n int
		if err := s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM members WHERE id = ?", m.KeptID).Scan(&n); err != nil {
			return MergeRecord{}, store.Wrap(err, "Could not load the merge.")
		}
		if n > 0 {
			return last, nil
		}
		cur = m.KeptID
	}
	return MergeRecord{}, notFound(id)
}

// UndoMerge takes back merge id: the dropped member comes back with its own
// id and every row it had (emails, tags, identities, interactions,
// follow-ups, key-member record and groups, "not the same person"
// decisions), and the kept member gets back every row it had before, in
// one transaction with an audit entry on both. It returns the kept member
// and the one brought back.
//
// Undo is exact or refused with Conflict, saying why, when:
//   - the merge was already undone;
//   - the dropped id now belongs to another member;
//   - a later merge involved the kept member (undo that one first);
//   - the kept member was deleted, edited, or its key-member record,
//     tags or the like changed since the merge (the undo would silently
//     throw those changes away);
//   - an interaction participation or follow-up the merge moved was
//     changed or deleted since.
//
// Interactions and follow-ups added to the kept member after the merge are
// no obstacle: they stay with the kept member. NotFound when there is no
// merge id.
func (s *Service) UndoMerge(ctx context.Context, id int64) (kept, restored Member, err error) {
	now := s.now()
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		// On PostgreSQL, lock the merge and the kept member until commit:
		// a second undo of the same merge waits and then finds it undone,
		// and an edit of the kept member cannot slip in between the check
		// below and the restore (SQLite has one writer anyway).
		lock := ""
		if tx.Dialect == store.Postgres {
			lock = " FOR UPDATE"
		}
		m, err := scanMerge(tx.QueryRow(ctx, "SELECT "+mergeColumns+" FROM member_merges WHERE id = ?"+lock, id))
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("There is no merge with id %d.", id)
		}
		if err != nil {
			return err
		}
		if m.UndoneAt != nil {
			return apperr.New(apperr.Conflict, "This merge was already undone on %s.", m.UndoneAt.Format("2 January 2006"))
		}
		var taken string
		err = tx.QueryRow(ctx, "SELECT name FROM members WHERE id = ?", m.DroppedID).Scan(&taken)
		if err == nil {
			return apperr.New(apperr.Conflict, "Cannot undo: id %d now belongs to another member, %s.", m.DroppedID, taken)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		// A later merge involving the kept member changed its rows again;
		// name it, since that is the undo to do first.
		later, err := scanMerge(tx.QueryRow(ctx, "SELECT "+mergeColumns+` FROM member_merges
			WHERE (kept_id = ? OR dropped_id = ?) AND id > ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1`,
			m.KeptID, m.KeptID, id))
		if err == nil {
			return apperr.New(apperr.Conflict, "Cannot undo yet: %s (#%d) was merged into %s (#%d) after this merge. "+
				"Undo that merge first.", later.DroppedName, later.DroppedID, later.KeptName, later.KeptID)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var locked int64
		if err := tx.QueryRow(ctx, "SELECT id FROM members WHERE id = ?"+lock, m.KeptID).Scan(&locked); err != nil &&
			!errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var beforeJSON, afterJSON string
		if err := tx.QueryRow(ctx, "SELECT before_rows, after_rows FROM member_merges WHERE id = ?", id).
			Scan(&beforeJSON, &afterJSON); err != nil {
			return err
		}
		before, err := decodeRows(beforeJSON)
		if err != nil {
			return fmt.Errorf("merge %d before: %w", id, err)
		}
		after, err := decodeRows(afterJSON)
		if err != nil {
			return fmt.Errorf("merge %d after: %w", id, err)
		}
		tables := s.memberTables()
		current, err := snapshot(ctx, tx, tables, m.KeptID)
		if err != nil {
			return err
		}
		if err := undoable(m, tables, after, current); err != nil {
			return err
		}
		if err := restoreRows(ctx, tx, tables, m, before, after); err != nil {
			return err
		}
		if err := s.NoteChanged(ctx, tx, []int64{m.KeptID, m.DroppedID}); err != nil {
			return err
		}
		for _, hook := range s.UnmergeHooks {
			if err := hook(ctx, tx, m.KeptID, m.DroppedID); err != nil {
				return fmt.Errorf("unmerge hook: %w", err)
			}
		}
		if _, err := tx.Exec(ctx, "UPDATE member_merges SET undone_at = ?, undone_by = ? WHERE id = ?",
			now.Unix(), actorUserID(ctx), id); err != nil {
			return err
		}
		summary := fmt.Sprintf("Undid the merge of %s (#%d) into %s (#%d): both records are back as they were",
			m.DroppedName, m.DroppedID, m.KeptName, m.KeptID)
		for _, mid := range []int64{m.KeptID, m.DroppedID} {
			if err := audit.Record(ctx, tx, now, audit.Change{Entity: entity, EntityID: mid, Action: "unmerge",
				Summary: summary}); err != nil {
				return err
			}
		}
		if kept, err = getMember(ctx, tx, m.KeptID); err != nil {
			return err
		}
		restored, err = getMember(ctx, tx, m.DroppedID)
		return err
	})
	return kept, restored, store.Wrap(err, "Could not undo the merge.")
}

// undoable checks the kept member's rows now against those the merge left.
func undoable(m MergeRecord, tables []MemberTable, after, current rowSet) error {
	if len(current["members"]) == 0 {
		return apperr.New(apperr.Conflict, "Cannot undo: %s (#%d), the record kept, was deleted since the merge.",
			m.KeptName, m.KeptID)
	}
	for _, t := range tables {
		now := map[string]bool{}
		for _, r := range current[t.Name] {
			now[r.canonical()] = true
		}
		for _, r := range after[t.Name] {
			if !now[r.canonical()] {
				return changedSince(m, t)
			}
		}
		if !t.Grows && len(current[t.Name]) != len(after[t.Name]) {
			return changedSince(m, t)
		}
	}
	return nil
}

// changedSince is the Conflict for a table whose rows changed after merge m.
func changedSince(m MergeRecord, t MemberTable) error {
	var what string
	switch {
	case slices.ContainsFunc(ownTables, func(o MemberTable) bool { return o.Name == t.Name }):
		what = m.KeptName + "’s record (edited, merged again or archived)"
	case t.Grows:
		what = "an interaction or follow-up the merge moved to " + m.KeptName + " (changed or deleted)"
	default:
		what = m.KeptName + "’s " + t.Name + " rows"
	}
	return apperr.New(apperr.Conflict, "Cannot undo exactly: %s changed since the merge on %s. "+
		"Undo later merges first, or edit the records by hand.", what, m.MergedAt.Format("2 January 2006"))
}

// restoreRows puts before back in place of after: children of the kept
// member first removed (the kept member's own row is updated, not deleted,
// so rows added since the merge keep their parent), then the dropped
// member and every row of both inserted again, parents first.
func restoreRows(ctx context.Context, tx *store.Tx, tables []MemberTable, m MergeRecord, before, after rowSet) error {
	for _, t := range slices.Backward(tables) {
		if t.Name == "members" {
			continue
		}
		for _, r := range after[t.Name] {
			if err := deleteRow(ctx, tx, t, r); err != nil {
				return fmt.Errorf("undo merge: remove %s row: %w", t.Name, err)
			}
		}
	}
	for _, t := range tables {
		for _, r := range before[t.Name] {
			var err error
			if t.Name == "members" && r["id"] == m.KeptID {
				err = updateRow(ctx, tx, t, r)
			} else {
				err = insertRow(ctx, tx, t.Name, r)
			}
			if store.IsUniqueViolation(err) || store.IsForeignKeyViolation(err) {
				return apperr.New(apperr.Conflict, "Cannot undo exactly: %s has a %s row that clashes with one "+
					"the undo would bring back, or one it points at is gone.", m.KeptName, t.Name)
			}
			if err != nil {
				return fmt.Errorf("undo merge: restore %s row: %w", t.Name, err)
			}
		}
	}
	return nil
}

// actorUserID is the acting user's id for a users foreign key, or NULL.
func actorUserID(ctx context.Context) any {
	if a := audit.ActorFrom(ctx); a.UserID != 0 {
		return a.UserID
	}
	return nil
}
