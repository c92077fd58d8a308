package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
)

// Filter narrows List. Zero fields match everything.
type Filter struct {
	Status   Status
	BeforeID int64 // keyset cursor: jobs older than this id
	Limit    int   // default 50, at most 500
}

const jobColumns = `id, kind, payload, status, attempts, max_attempts, run_at, locked_by, locked_until,
	last_error, dedupe_key, created_at, updated_at, finished_at`

// List returns jobs newest first.
func (q *Queue) List(ctx context.Context, f Filter) ([]Job, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	query := "SELECT " + jobColumns + " FROM jobs WHERE 1=1"
	var args []any
	if f.Status != "" {
		if !validStatus(f.Status) {
			return nil, &apperr.Error{Code: apperr.Invalid, Message: fmt.Sprintf("status: %q is not a job status", f.Status),
				Fields: map[string]string{"status": "must be queued, running, done or failed"}}
		}
		query += " AND status = ?"
		args = append(args, string(f.Status))
	}
	if f.BeforeID > 0 {
		query += " AND id < ?"
		args = append(args, f.BeforeID)
	}
	query += " ORDER BY id DESC LIMIT ?"
	args = append(args, f.Limit)
	rows, err := q.db.Query(ctx, query, args...)
	if err != nil {
		return nil, apperr.Internalf(err, "The jobs could not be listed.")
	}
	defer rows.Close()
	var out []Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, apperr.Internalf(err, "The jobs could not be listed.")
		}
		out = append(out, j)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Internalf(err, "The jobs could not be listed.")
	}
	return out, nil
}

func validStatus(s Status) bool {
	for _, v := range Statuses() {
		if s == v {
			return true
		}
	}
	return false
}

// Get returns one job, or a NotFound error.
func (q *Queue) Get(ctx context.Context, id int64) (Job, error) {
	return getJob(ctx, q.db, id)
}

func getJob(ctx context.Context, qr store.Querier, id int64) (Job, error) {
	j, err := scanJob(qr.QueryRow(ctx, "SELECT "+jobColumns+" FROM jobs WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return Job{}, apperr.NotFoundf("There is no job %d.", id)
	}
	if err != nil {
		return Job{}, apperr.Internalf(err, "The job could not be read.")
	}
	return j, nil
}

// Retry queues a failed job again with a fresh set of attempts, keeping
// its last error until the next attempt, and records who asked in the
// audit log. Only failed jobs can be retried: anything else is a Conflict.
func (q *Queue) Retry(ctx context.Context, id int64) (Job, error) {
	var j Job
	err := q.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if j, err = getJob(ctx, tx, id); err != nil {
			return err
		}
		if j.Status != Failed {
			return apperr.New(apperr.Conflict, "Job %d is %s: only a failed job can be retried.", id, j.Status)
		}
		now := q.now()
		if _, err := tx.Exec(ctx, `UPDATE jobs SET status = 'queued', attempts = 0, run_at = ?, finished_at = NULL, updated_at = ?
			WHERE id = ? AND status = 'failed'`, now.Unix(), now.Unix(), id); err != nil {
			return apperr.Internalf(err, "The job could not be retried.")
		}
		if err := audit.Record(ctx, tx, now, audit.Change{Entity: "job", EntityID: id, Action: "retry",
			Summary: fmt.Sprintf("Retried %s job %d", j.Kind, id)}); err != nil {
			return apperr.Internalf(err, "The job could not be retried.")
		}
		j, err = getJob(ctx, tx, id)
		return err
	})
	if err != nil {
		return Job{}, err
	}
	q.Wake()
	return j, nil
}

type scanner interface{ Scan(dest ...any) error }

func scanJob(s scanner) (Job, error) {
	var j Job
	var payload, status string
	var lockedBy, dedupe sql.NullString
	var runAt, created, updated int64
	var lockedUntil, finished sql.NullInt64
	err := s.Scan(&j.ID, &j.Kind, &payload, &status, &j.Attempts, &j.MaxAttempts, &runAt, &lockedBy, &lockedUntil,
		&j.LastError, &dedupe, &created, &updated, &finished)
	if err != nil {
		return Job{}, err
	}
	j.Payload = []byte(payload)
	j.Status = Status(status)
	j.LockedBy, j.DedupeKey = lockedBy.String, dedupe.String
	j.RunAt, j.CreatedAt, j.UpdatedAt = time.Unix(runAt, 0), time.Unix(created, 0), time.Unix(updated, 0)
	if lockedUntil.Valid {
		j.LockedUntil = time.Unix(lockedUntil.Int64, 0)
	}
	if finished.Valid {
		j.FinishedAt = time.Unix(finished.Int64, 0)
	}
	return j, nil
}
