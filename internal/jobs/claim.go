package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/store"
)

// claimed is a job this instance holds. attempts is the fencing token:
// every claim increments it, so an instance whose lease ran out and was
// taken over can no longer change the row.
type claimed struct {
	id          int64
	kind        string
	payload     string
	attempts    int
	maxAttempts int
}

// claim takes the next due job of a registered kind: a queued job whose
// time has come, or a running one whose instance stopped renewing its
// lease. It returns nil when there is none.
//
// On PostgreSQL, FOR UPDATE SKIP LOCKED lets instances claim side by side
// without waiting on each other's rows; on SQLite the single UPDATE runs
// under the database's one write lock, which every instance takes in turn.
func (q *Queue) claim(ctx context.Context) (*claimed, error) {
	kinds := q.kinds()
	if len(kinds) == 0 {
		return nil, nil
	}
	now := q.now()
	skipLocked := ""
	if q.db.Dialect == store.Postgres {
		skipLocked = " FOR UPDATE SKIP LOCKED"
	}
	query := `UPDATE jobs SET status = 'running', locked_by = ?, locked_until = ?, attempts = attempts + 1, updated_at = ?,
			last_error = CASE WHEN status = 'running'
				THEN 'attempt ' || attempts || ' stopped unfinished: instance ' || COALESCE(locked_by, 'unknown') || ' let its lease run out'
				ELSE last_error END
		WHERE id = (SELECT id FROM jobs
			WHERE kind IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(kinds)), ", ") + `)
			  AND ((status = 'queued' AND run_at <= ?) OR (status = 'running' AND locked_until < ?))
			ORDER BY run_at, id LIMIT 1` + skipLocked + `)
		RETURNING id, kind, payload, attempts, max_attempts`
	args := []any{q.opt.Instance, now.Add(q.opt.Lease).Unix(), now.Unix()}
	for _, k := range kinds {
		args = append(args, k)
	}
	args = append(args, now.Unix(), now.Unix())
	var c claimed
	err := q.db.InTx(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(ctx, query, args...).Scan(&c.id, &c.kind, &c.payload, &c.attempts, &c.maxAttempts)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("claim a job: %w", err)
	}
	return &c, nil
}

// mine is the condition that the row is still this claim's.
const mine = " WHERE id = ? AND status = 'running' AND locked_by = ? AND attempts = ?"

func (q *Queue) mineArgs(c *claimed) []any { return []any{c.id, q.opt.Instance, c.attempts} }

// update changes a claimed job's row and reports whether the claim still
// held. It runs even while shutting down: the outcome of finished work
// must not be lost to a cancelled context.
func (q *Queue) update(ctx context.Context, c *claimed, set string, args ...any) (bool, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	res, err := q.db.Exec(ctx, "UPDATE jobs SET "+set+mine, append(args, q.mineArgs(c)...)...)
	if err != nil {
		return false, fmt.Errorf("job %d: %w", c.id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("job %d: %w", c.id, err)
	}
	return n == 1, nil
}

// renew extends the lease; false means another instance took the job over.
func (q *Queue) renew(ctx context.Context, c *claimed) (bool, error) {
	now := q.now()
	return q.update(ctx, c, "locked_until = ?, updated_at = ?", now.Add(q.opt.Lease).Unix(), now.Unix())
}

func (q *Queue) markDone(ctx context.Context, c *claimed) (bool, error) {
	now := q.now().Unix()
	return q.update(ctx, c, "status = 'done', locked_by = NULL, locked_until = NULL, last_error = '', finished_at = ?, updated_at = ?", now, now)
}

// markFailed records a failed attempt: another try after a pause, or the
// end when attempts are used up or the error is permanent.
func (q *Queue) markFailed(ctx context.Context, c *claimed, cause error) (retry bool, ok bool, err error) {
	now := q.now()
	msg := cause.Error()
	if c.attempts < c.maxAttempts && !isPermanent(cause) {
		// Rounded up: run_at holds whole seconds and means "not before".
		next := now.Add(backoff(c.attempts) + time.Second - 1).Unix()
		ok, err = q.update(ctx, c, "status = 'queued', locked_by = NULL, locked_until = NULL, last_error = ?, run_at = ?, updated_at = ?",
			msg, next, now.Unix())
		return true, ok, err
	}
	ok, err = q.update(ctx, c, "status = 'failed', locked_by = NULL, locked_until = NULL, last_error = ?, finished_at = ?, updated_at = ?",
		msg, now.Unix(), now.Unix())
	return false, ok, err
}

// release puts a job back unfinished, without counting the attempt: this
// instance is shutting down and another will take it.
func (q *Queue) release(ctx context.Context, c *claimed) (bool, error) {
	now := q.now().Unix()
	return q.update(ctx, c, "status = 'queued', locked_by = NULL, locked_until = NULL, attempts = attempts - 1, run_at = ?, updated_at = ?", now, now)
}
