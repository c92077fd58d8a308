package jobs

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/trellis-community/trellis/internal/store"
)

// Options tune a Queue. The zero value is fine.
type Options struct {
	// Instance names this process in locked_by; default host-pid-random.
	Instance string
	// Workers is how many jobs this instance runs at once (default 2).
	Workers int
	// Poll is how often an idle worker looks for due jobs (default 2s).
	// Enqueue in this process wakes one at once.
	Poll time.Duration
	// Lease is how long a claimed job stays this instance's without a
	// heartbeat (default 1 min); a job whose instance died is claimed again
	// after it. Heartbeats come every Lease/3. On SQLite a heartbeat waits
	// for the one write connection, so a handler's write transactions must
	// stay well under the lease: an import commits in batches.
	Lease time.Duration
	// Grace is how long shutdown waits for running jobs before cancelling
	// them and putting them back in the queue (default 10s).
	Grace time.Duration
	// MaxAttempts is the default number of attempts per job (default 5).
	MaxAttempts int
}

// Queue enqueues jobs and, through Run, works on them. Register every kind
// before Run.
type Queue struct {
	db   *store.DB
	now  func() time.Time
	log  *slog.Logger
	opt  Options
	wake chan struct{}

	mu       sync.RWMutex
	handlers map[string]Handler
	periodic []periodic
}

type periodic struct {
	kind     string
	interval time.Duration
}

// New returns a queue on db. now may be nil (the real clock).
func New(db *store.DB, now func() time.Time, log *slog.Logger, opt Options) *Queue {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.Default()
	}
	if opt.Instance == "" {
		opt.Instance = instanceName()
	}
	if opt.Workers <= 0 {
		opt.Workers = 2
	}
	if opt.Poll <= 0 {
		opt.Poll = 2 * time.Second
	}
	// Leases are stored in whole seconds: below a few seconds a heartbeat
	// could not keep one alive.
	if opt.Lease < 3*time.Second {
		opt.Lease = time.Minute
	}
	if opt.Grace <= 0 {
		opt.Grace = 10 * time.Second
	}
	if opt.MaxAttempts <= 0 {
		opt.MaxAttempts = 5
	}
	return &Queue{db: db, now: now, log: log, opt: opt, wake: make(chan struct{}, 1), handlers: map[string]Handler{}}
}

// instanceName tells instances apart in locked_by and on the jobs page.
func instanceName() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "trellis"
	}
	var b [3]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// Instance is the name this queue claims jobs under.
func (q *Queue) Instance() string { return q.opt.Instance }

// Register sets the handler for a kind of job. Kinds are claimed only by
// instances that registered them, so an instance of an older Trellis
// leaves a newer kind to those that know it.
func (q *Queue) Register(kind string, h Handler) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.handlers[kind] = h
}

// Every schedules kind to run once per interval across all instances (see
// Schedule). kind must be registered.
func (q *Queue) Every(kind string, interval time.Duration) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.periodic = append(q.periodic, periodic{kind: kind, interval: interval})
}

func (q *Queue) handler(kind string) (Handler, bool) {
	q.mu.RLock()
	defer q.mu.RUnlock()
	h, ok := q.handlers[kind]
	return h, ok
}

func (q *Queue) kinds() []string {
	q.mu.RLock()
	defer q.mu.RUnlock()
	ks := make([]string, 0, len(q.handlers))
	for k := range q.handlers {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// EnqueueOptions adjust one job. The zero value runs it now with the
// queue's default attempts.
type EnqueueOptions struct {
	RunAt       time.Time // not before; zero means now
	MaxAttempts int
	// DedupeKey makes the job unique per kind: enqueueing a second job of
	// the same kind and key does nothing. Periodic jobs use it.
	DedupeKey string
	// Coalesce adds no job when one of the same kind is queued and not yet
	// started: for a job that does all the work waiting when it runs (roll
	// up every member marked so far), one waiting run is enough however
	// many changes ask for it.
	Coalesce bool
}

// Enqueue adds a job of kind with payload (marshalled to a JSON object; a
// json.RawMessage is kept as is, nil is {}) and wakes a worker of this instance. It
// returns the job's id, or created false when a job with the same kind and
// DedupeKey already exists.
func (q *Queue) Enqueue(ctx context.Context, kind string, payload any, o EnqueueOptions) (id int64, created bool, err error) {
	err = q.db.InTx(ctx, func(tx *store.Tx) error {
		id, created, err = q.EnqueueTx(ctx, tx, kind, payload, o)
		return err
	})
	if err == nil && created {
		q.Wake()
	}
	return id, created, err
}

// EnqueueTx adds a job inside tx, so it exists if and only if the change
// that asked for it is committed. Call Wake after the commit to start it
// without waiting for a poll.
func (q *Queue) EnqueueTx(ctx context.Context, tx *store.Tx, kind string, payload any, o EnqueueOptions) (id int64, created bool, err error) {
	if _, ok := q.handler(kind); !ok {
		return 0, false, fmt.Errorf("enqueue %s: no handler registered for this kind of job", kind)
	}
	body, err := marshalPayload(payload)
	if err != nil {
		return 0, false, fmt.Errorf("enqueue %s: payload: %w", kind, err)
	}
	now := q.now().Unix()
	runAt := now
	if !o.RunAt.IsZero() {
		runAt = o.RunAt.Unix()
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = q.opt.MaxAttempts
	}
	if o.Coalesce {
		var waiting int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM jobs WHERE kind = ? AND status = 'queued' AND attempts = 0", kind).Scan(&waiting); err != nil {
			return 0, false, fmt.Errorf("enqueue %s: %w", kind, err)
		}
		if waiting > 0 {
			return 0, false, nil
		}
	}
	var dedupe any
	if o.DedupeKey != "" {
		dedupe = o.DedupeKey
	}
	err = tx.QueryRow(ctx, `INSERT INTO jobs (kind, payload, status, attempts, max_attempts, run_at, dedupe_key, created_at, updated_at)
		VALUES (?, ?, 'queued', 0, ?, ?, ?, ?, ?)
		ON CONFLICT (kind, dedupe_key) DO NOTHING
		RETURNING id`, kind, string(body), o.MaxAttempts, runAt, dedupe, now, now).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("enqueue %s: %w", kind, err)
	}
	return id, true, nil
}

// marshalPayload insists on an object, so a payload can always gain a
// field later without breaking the jobs already queued.
func marshalPayload(p any) ([]byte, error) {
	var b []byte
	switch v := p.(type) {
	case nil:
		return []byte("{}"), nil
	case json.RawMessage:
		if !json.Valid(v) {
			return nil, errors.New("not valid JSON")
		}
		b = v
	default:
		var err error
		if b, err = json.Marshal(p); err != nil {
			return nil, err
		}
	}
	if t := bytes.TrimSpace(b); len(t) == 0 || t[0] != '{' {
		return nil, errors.New("must be a JSON object")
	}
	return b, nil
}

// Wake tells one idle worker of this instance to look for jobs now.
func (q *Queue) Wake() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}
