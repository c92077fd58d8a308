package imports

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
)

// The review queue: every uncertain match any import made (a new member
// imported beside someone already here with the same name and nothing
// else in common), across all runs, oldest first, until a manager merges
// the two or says they are not the same person. The queue lives in
// import_reviews, written by each run and settled by the members
// capability's hooks (ReviewMerged and the rest), so a decision taken on
// the member merge page empties the queue as surely as one taken here.

// Review is one pending pair: the member an import created and the member
// already here they may be.
type Review struct {
	ID        int64          `json:"id"`
	RunID     int64          `json:"run_id"`
	RunKind   string         `json:"run_kind"`
	FileName  string         `json:"file_name"`
	Line      int64          `json:"line"`
	CreatedAt time.Time      `json:"created_at"`
	New       members.Member `json:"new"`      // the member the import created
	Existing  members.Member `json:"existing"` // the member already here
}

// ReviewPage is one page of the queue. NextAfterID, when not zero, is the
// after value of the next page.
type ReviewPage struct {
	Reviews     []Review `json:"reviews"`
	Pending     int64    `json:"pending"` // pairs in the whole queue
	NextAfterID int64    `json:"next_after_id,omitempty"`
}

// pendingReviews is the queue's FROM and WHERE: pairs not settled whose
// two members both still exist (a member deleted, or merged with a third
// one, leaves the queue; a merge's undo brings the pair back).
const pendingReviews = ` FROM import_reviews v
	JOIN members a ON a.id = v.member_id JOIN members b ON b.id = v.other_id
	JOIN import_runs r ON r.id = v.run_id
	WHERE v.settled = ''`

// ReviewCount is how many pairs wait in the queue.
func (s *Service) ReviewCount(ctx context.Context) (int64, error) {
	var n int64
	err := s.DB.QueryRow(ctx, "SELECT COUNT(*)"+pendingReviews).Scan(&n)
	return n, store.Wrap(err, "Could not count the matches to review.")
}

// ReviewQueue returns up to limit pending pairs with an id above after,
// oldest first, with both members' records.
func (s *Service) ReviewQueue(ctx context.Context, after int64, limit int) (ReviewPage, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	page := ReviewPage{Reviews: []Review{}}
	var ids []int64
	rows, err := s.DB.Query(ctx, `SELECT v.id, v.run_id, r.kind, v.file_name, v.line, v.created_at, v.member_id, v.other_id`+
		pendingReviews+` AND v.id > ? ORDER BY v.id LIMIT ?`, after, limit+1)
	if err != nil {
		return page, store.Wrap(err, "Could not load the matches to review.")
	}
	for rows.Next() {
		var v Review
		var at int64
		if err := rows.Scan(&v.ID, &v.RunID, &v.RunKind, &v.FileName, &v.Line, &at, &v.New.ID, &v.Existing.ID); err != nil {
			rows.Close()
			return page, store.Wrap(err, "Could not load the matches to review.")
		}
		v.CreatedAt = store.UnixTime(at)
		page.Reviews = append(page.Reviews, v)
		ids = append(ids, v.New.ID, v.Existing.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return page, store.Wrap(err, "Could not load the matches to review.")
	}
	if len(page.Reviews) > limit {
		page.Reviews = page.Reviews[:limit]
		page.NextAfterID = page.Reviews[limit-1].ID
	}
	ms, err := s.Members.GetMany(ctx, ids)
	if err != nil {
		return page, err
	}
	for i := range page.Reviews {
		v := &page.Reviews[i]
		v.New, v.Existing = ms[v.New.ID], ms[v.Existing.ID]
	}
	if page.Pending, err = s.ReviewCount(ctx); err != nil {
		return page, err
	}
	return page, nil
}

// GetReview returns pending pair id; NotFound when there is none or it
// was settled (merged, marked distinct, its import undone).
func (s *Service) GetReview(ctx context.Context, id int64) (Review, error) {
	var v Review
	var at int64
	err := s.DB.QueryRow(ctx, `SELECT v.id, v.run_id, r.kind, v.file_name, v.line, v.created_at, v.member_id, v.other_id`+
		pendingReviews+` AND v.id = ?`, id).Scan(&v.ID, &v.RunID, &v.RunKind, &v.FileName, &v.Line, &at, &v.New.ID, &v.Existing.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return Review{}, apperr.NotFoundf("There is no match %d waiting for review: it may have been settled already.", id)
	}
	if err != nil {
		return Review{}, store.Wrap(err, "Could not load the match.")
	}
	v.CreatedAt = store.UnixTime(at)
	return v, nil
}

// ReviewMerge settles pair id by merging its two members with the
// members capability's undoable merge (so its rules, audit and undo are
// those of every merge): the member already here is kept and the new one
// folded into it, or the other way round when keepNew. It returns the
// kept member. NotFound when the pair is not pending.
func (s *Service) ReviewMerge(ctx context.Context, id int64, keepNew bool) (members.Member, error) {
	v, err := s.GetReview(ctx, id)
	if err != nil {
		return members.Member{}, err
	}
	keep, drop := v.Existing.ID, v.New.ID
	if keepNew {
		keep, drop = drop, keep
	}
	// The merge hook (ReviewMerged) settles the pair inside the merge.
	return s.Members.Merge(ctx, keep, drop)
}

// ReviewDistinct settles pair id as two different people, with the
// members capability's "not the same person", which every later import
// and duplicate check respects. NotFound when the pair is not pending.
func (s *Service) ReviewDistinct(ctx context.Context, id int64) (Review, error) {
	v, err := s.GetReview(ctx, id)
	if err != nil {
		return Review{}, err
	}
	return v, s.Members.MarkDistinct(ctx, v.New.ID, v.Existing.ID)
}

// settle marks the pending pairs of a and b settled as how; reopen puts
// back those settled as how.
func settle(ctx context.Context, tx *store.Tx, a, b int64, how string, now time.Time) error {
	var by any
	if u := audit.ActorFrom(ctx).UserID; u != 0 {
		by = u
	}
	_, err := tx.Exec(ctx, `UPDATE import_reviews SET settled = ?, settled_at = ?, settled_by = ?
		WHERE settled = '' AND ((member_id = ? AND other_id = ?) OR (member_id = ? AND other_id = ?))`,
		how, now.Unix(), by, a, b, b, a)
	return err
}

func reopen(ctx context.Context, tx *store.Tx, a, b int64, how string) error {
	_, err := tx.Exec(ctx, `UPDATE import_reviews SET settled = '', settled_at = NULL, settled_by = NULL
		WHERE settled = ? AND ((member_id = ? AND other_id = ?) OR (member_id = ? AND other_id = ?))`, how, a, b, b, a)
	return err
}

// ReviewMerged is a members.MergeHook: a merge of the two members of a
// pending pair, from anywhere, settles it.
func (s *Service) ReviewMerged(ctx context.Context, tx *store.Tx, keepID, dropID int64) error {
	return settle(ctx, tx, keepID, dropID, "merged", s.now())
}

// ReviewUnmerged is a members.MergeHook for a merge's undo: the pair is
// open again, since the two records are back apart.
func (s *Service) ReviewUnmerged(ctx context.Context, tx *store.Tx, keptID, droppedID int64) error {
	return reopen(ctx, tx, keptID, droppedID, "merged")
}

// ReviewDecided is a members.DistinctHook: "not the same person" settles
// the pair, and taking it back opens it again.
func (s *Service) ReviewDecided(ctx context.Context, tx *store.Tx, a, b int64, distinct bool) error {
	if distinct {
		return settle(ctx, tx, a, b, "distinct", s.now())
	}
	return reopen(ctx, tx, a, b, "distinct")
}

// writeReviews adds a finished run's uncertain matches to the queue.
func writeReviews(ctx context.Context, tx *store.Tx, runID int64, file string, pairs []reviewPair, now time.Time) error {
	if len(pairs) == 0 {
		return nil
	}
	_, err := tx.CopyRows(ctx, "import_reviews", []string{"run_id", "member_id", "other_id", "file_name", "line", "created_at"},
		func(yield func([]any) bool) {
			for _, p := range pairs {
				if !yield([]any{runID, p.member, p.other, file, int64(p.line), now.Unix()}) {
					return
				}
			}
		})
	return err
}

// reviewPair is one uncertain match a run made.
type reviewPair struct {
	member, other int64
	line          int
}
