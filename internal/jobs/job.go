// Package jobs runs the work a community team starts but should not have to
// wait for: imports, reports, newsletters, and the clean-ups Trellis does on
// its own every hour. Each job is a row in the database, so it is kept
// across restarts, shared by every Trellis instance on that database, run
// once, retried with growing pauses when it fails, and left with its status
// and last error for owners to see on the jobs page.
//
// A kind of job is a name with a handler (Queue.Register). Instances claim
// due jobs one at a time and hold a lease on each while it runs, renewed
// every few seconds; a job whose instance died is claimed again once its
// lease runs out.
package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"time"
)

// Status is where a job is in its life.
type Status string

const (
	Queued  Status = "queued"  // waiting for run_at, or for a free worker
	Running Status = "running" // claimed by an instance, lease held
	Done    Status = "done"
	Failed  Status = "failed" // out of attempts, or failed for good
)

// Statuses lists every status, for filters.
func Statuses() []Status { return []Status{Queued, Running, Done, Failed} }

// Job is one unit of background work as the database holds it.
type Job struct {
	ID          int64           `json:"id"`
	Kind        string          `json:"kind"`
	Payload     json.RawMessage `json:"payload"`
	Status      Status          `json:"status"`
	Attempts    int             `json:"attempts"`
	MaxAttempts int             `json:"max_attempts"`
	RunAt       time.Time       `json:"run_at"`
	LockedBy    string          `json:"locked_by,omitempty"`
	LockedUntil time.Time       `json:"locked_until,omitzero"`
	LastError   string          `json:"last_error,omitempty"`
	DedupeKey   string          `json:"dedupe_key,omitempty"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
	FinishedAt  time.Time       `json:"finished_at,omitzero"`
}

// Retrying reports whether the job failed at least once and waits to be
// tried again.
func (j Job) Retrying() bool { return j.Status == Queued && j.Attempts > 0 }

// Handler does one job of a kind. payload is the JSON given to Enqueue.
// Returning an error schedules another attempt, unless it is Permanent or
// no attempts remain. A handler must stop when ctx ends: the job's lease
// was lost or the instance is shutting down, and the job will run again.
type Handler func(ctx context.Context, payload json.RawMessage) error

type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent marks err as one that another attempt cannot fix (a payload
// that does not parse, a record that is gone): the job fails at once.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanentError{err}
}

func isPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}
