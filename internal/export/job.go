package export

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/clock"
	"github.com/trellis-community/trellis/internal/jobs"
	"github.com/trellis-community/trellis/internal/store"
)

// Exports too long to make while a browser waits run as jobs: the whole
// database always, and a spreadsheet or address book of JobRows rows or
// more. The job writes the file into the database, about a MiB a row, so
// whichever Trellis instance a person's next request reaches can serve
// it; only the person who asked, or an owner, may download it; a day
// later it is pruned.

// Kinds of export.
const (
	KindMembers      = "members"
	KindActivities   = "activities"
	KindInteractions = "interactions"
	KindArchive      = "archive"
)

// JobRows is the size from which a CSV or vCard export runs as a job
// rather than streaming.
const JobRows = 10_000

// Keep is how long a finished export stays downloadable.
const Keep = 24 * time.Hour

// chunkSize is how much of a file one export_chunks row holds.
const chunkSize = 1 << 20

// Job kinds.
const (
	JobRun   = "export.run"
	JobPrune = "export.prune"
)

// Request names an export: its kind, and for members the format, a saved
// segment and whether archived members are in.
type Request struct {
	Kind      string `json:"kind"`
	Format    Format `json:"format,omitempty"`
	SegmentID int64  `json:"segment,omitempty"`
	Archived  bool   `json:"archived,omitempty"`
}

// Status is where an export job is in its life.
type Status string

const (
	Queued  Status = "queued"
	Running Status = "running"
	Done    Status = "done"
	Failed  Status = "failed"
)

// Export is one export job as the database holds it.
type Export struct {
	ID          int64     `json:"id"`
	Kind        string    `json:"kind"`
	Format      Format    `json:"format,omitempty"`
	SegmentID   int64     `json:"segment,omitempty"`
	Archived    bool      `json:"archived"`
	RequestedBy int64     `json:"requested_by"`
	Actor       string    `json:"actor"`
	Status      Status    `json:"status"`
	JobID       int64     `json:"job_id"`
	FileName    string    `json:"file_name"`
	ContentType string    `json:"content_type"`
	RowsTotal   int64     `json:"rows_total"`
	RowsDone    int64     `json:"rows_done"`
	Size        int64     `json:"size"`
	Error       string    `json:"error,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	StartedAt   time.Time `json:"started_at,omitzero"`
	FinishedAt  time.Time `json:"finished_at,omitzero"`
}

// Percent is how far the export has come, 0..100, or -1 when unknown.
func (e Export) Percent() int {
	switch {
	case e.Status == Done:
		return 100
	case e.RowsTotal <= 0:
		return -1
	}
	return int(min(100, e.RowsDone*100/e.RowsTotal))
}

// Finished reports whether the export has an outcome.
func (e Export) Finished() bool { return e.Status == Done || e.Status == Failed }

// Service runs export jobs; it is safe for concurrent use.
type Service struct {
	Sources
	Jobs *jobs.Queue

	// chunkWritten, when set (tests only), is called after each chunk of
	// a running export is kept.
	chunkWritten func(seq int64)
}

// errWithdrawn stops a running export whose file was withdrawn (Withdraw)
// while it was being made.
var errWithdrawn = errors.New("export withdrawn while it was being made")

// Withdraw takes every kept export file away, finished or being made, and
// fails its export with reason: what an erasure does, since any of them
// may hold the erased person. A job making one when this commits stops at
// its next chunk, and keeps nothing.
func Withdraw(ctx context.Context, tx *store.Tx, reason string) error {
	if _, err := tx.Exec(ctx, "DELETE FROM export_chunks"); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, "UPDATE exports SET status = ?, size = 0, error = ? WHERE status <> ?", string(Failed), reason, string(Failed))
	return err
}

func (s *Service) now() time.Time { return clock.Now(s.Now) }

const exportColumns = `id, kind, format, COALESCE(segment_id, 0), archived, COALESCE(requested_by, 0), actor, status,
	COALESCE(job_id, 0), file_name, content_type, rows_total, rows_done, size, error, created_at,
	COALESCE(started_at, 0), COALESCE(finished_at, 0)`

func scanExport(sc interface{ Scan(...any) error }) (Export, error) {
	var e Export
	var created, started, finished int64
	err := sc.Scan(&e.ID, &e.Kind, &e.Format, &e.SegmentID, &e.Archived, &e.RequestedBy, &e.Actor, &e.Status,
		&e.JobID, &e.FileName, &e.ContentType, &e.RowsTotal, &e.RowsDone, &e.Size, &e.Error, &created, &started, &finished)
	e.CreatedAt = store.UnixTime(created)
	if started != 0 {
		e.StartedAt = store.UnixTime(started)
	}
	if finished != 0 {
		e.FinishedAt = store.UnixTime(finished)
	}
	return e, err
}

// Start records req as an export job by the actor in ctx, with an audit
// entry, and queues it. Invalid for a bad request, NotFound for an unknown
// segment. Whether the actor may have the kind (the archive is for
// owners) is the caller's to check.
func (s *Service) Start(ctx context.Context, req Request) (Export, error) {
	d, err := s.Download(ctx, req)
	if err != nil {
		return Export{}, err
	}
	if req.Kind != KindMembers {
		req.Format, req.SegmentID, req.Archived = "", 0, false
	}
	total, err := s.Rows(ctx, req)
	if err != nil {
		return Export{}, err
	}
	a := audit.ActorFrom(ctx)
	var by, seg any
	if a.UserID != 0 {
		by = a.UserID
	}
	if req.SegmentID != 0 {
		seg = req.SegmentID
	}
	now := s.now()
	var id int64
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		id, err = tx.Insert(ctx, `INSERT INTO exports (kind, format, segment_id, archived, requested_by, actor, status, file_name,
			content_type, rows_total, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			req.Kind, string(req.Format), seg, req.Archived, by, a.Name, string(Queued), d.Filename, d.ContentType, total, now.Unix())
		if err != nil {
			return err
		}
		job, _, err := s.Jobs.EnqueueTx(ctx, tx, JobRun, map[string]int64{"export_id": id}, jobs.EnqueueOptions{})
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE exports SET job_id = ? WHERE id = ?", job, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{Entity: "export", EntityID: id, EntityName: d.Filename, Action: "export",
			Summary: fmt.Sprintf("Asked for an export of %s (%d rows) as %s", req.Kind, total, d.Filename)})
	})
	if err != nil {
		return Export{}, store.Wrap(err, "Could not start the export.")
	}
	s.Jobs.Wake()
	return s.Get(ctx, id)
}

// Get returns export id, or NotFound.
func (s *Service) Get(ctx context.Context, id int64) (Export, error) {
	e, err := scanExport(s.DB.QueryRow(ctx, "SELECT "+exportColumns+" FROM exports WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return Export{}, apperr.NotFoundf("There is no export with id %d: exports are kept for a day.", id)
	}
	return e, store.Wrap(err, "Could not load the export.")
}

// GetFor returns export id if user may see it: the user who asked for it,
// or an owner (admin). Forbidden for anyone else, NotFound when there is
// none.
func (s *Service) GetFor(ctx context.Context, id, userID int64, admin bool) (Export, error) {
	e, err := s.Get(ctx, id)
	if err != nil {
		return Export{}, err
	}
	if !admin && (userID == 0 || e.RequestedBy != userID) {
		return Export{}, apperr.New(apperr.Forbidden, "Only the person who asked for export %d, or an owner, may have it.", id)
	}
	return e, nil
}

// ListFor returns the exports user asked for in the last day, newest
// first; every user's for an owner (admin).
func (s *Service) ListFor(ctx context.Context, userID int64, admin bool) ([]Export, error) {
	q := "SELECT " + exportColumns + " FROM exports WHERE requested_by = ? ORDER BY id DESC LIMIT 50"
	args := []any{userID}
	if admin {
		q, args = "SELECT "+exportColumns+" FROM exports ORDER BY id DESC LIMIT 50", nil
	}
	rows, err := s.DB.Query(ctx, q, args...)
	if err != nil {
		return nil, store.Wrap(err, "Could not list the exports.")
	}
	defer rows.Close()
	var out []Export
	for rows.Next() {
		e, err := scanExport(rows)
		if err != nil {
			return nil, store.Wrap(err, "Could not list the exports.")
		}
		out = append(out, e)
	}
	return out, store.Wrap(rows.Err(), "Could not list the exports.")
}

// Run makes export id's file: the job's handler. A run that was cut off
// (the instance stopped) starts again from the beginning. The export's
// own failure (a segment deleted since) fails it for good.
func (s *Service) Run(ctx context.Context, id int64) error {
	e, err := s.Get(ctx, id)
	if err != nil {
		return jobs.Permanent(err)
	}
	if e.Finished() {
		return nil
	}
	req := Request{Kind: e.Kind, Format: e.Format, SegmentID: e.SegmentID, Archived: e.Archived}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM export_chunks WHERE export_id = ?", id); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "UPDATE exports SET status = ?, started_at = ?, rows_done = 0, size = 0, error = '' WHERE id = ?",
			string(Running), s.now().Unix(), id)
		return err
	})
	if err != nil {
		return err
	}
	d, err := s.Download(ctx, req)
	cw := &chunkWriter{ctx: ctx, db: s.DB, id: id, buf: make([]byte, 0, chunkSize), written: s.chunkWritten}
	if err == nil {
		err = d.Write(withRows(ctx, func(n int64) { cw.rows += n }), cw)
		if err == nil {
			err = cw.flush()
		}
	}
	if errors.Is(err, errWithdrawn) {
		return nil // failed already, with the withdrawal's reason; the chunk that found it out was not kept
	}
	if err != nil {
		if ctx.Err() != nil {
			return err // stopped: the job runs again
		}
		msg := err.Error()
		var ae *apperr.Error
		if errors.As(err, &ae) {
			msg = ae.Message
		}
		_, uerr := s.DB.Exec(context.WithoutCancel(ctx), "UPDATE exports SET status = ?, error = ?, finished_at = ? WHERE id = ?",
			string(Failed), msg, s.now().Unix(), id)
		return jobs.Permanent(errors.Join(err, uerr))
	}
	// Done only if still running: withdrawn since its last chunk, it stays
	// failed.
	_, err = s.DB.Exec(ctx, "UPDATE exports SET status = ?, finished_at = ?, rows_done = ?, size = ? WHERE id = ? AND status = ?",
		string(Done), s.now().Unix(), cw.rows, cw.size, id, string(Running))
	return err
}

// chunkWriter keeps what an export writes as export_chunks rows of
// chunkSize bytes, each with the export's progress, in its own short
// transaction (SQLite's one writer is never held for long).
type chunkWriter struct {
	ctx  context.Context
	db   *store.DB
	id   int64
	seq  int64
	size int64
	rows int64
	buf  []byte
	// written is Service.chunkWritten.
	written func(seq int64)
}

func (c *chunkWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		take := min(len(p), chunkSize-len(c.buf))
		c.buf = append(c.buf, p[:take]...)
		p = p[take:]
		if len(c.buf) == chunkSize {
			if err := c.flush(); err != nil {
				return n - len(p), err
			}
		}
	}
	return n, nil
}

func (c *chunkWriter) flush() error {
	if len(c.buf) == 0 && c.seq > 0 {
		return nil
	}
	c.seq++
	c.size += int64(len(c.buf))
	err := c.db.InTx(c.ctx, func(tx *store.Tx) error {
		// The export row first: withdrawn (failed) since the last chunk, the
		// job stops and this chunk is not kept. On PostgreSQL the update
		// waits for a withdrawal in progress and then sees it.
		res, err := tx.Exec(c.ctx, "UPDATE exports SET rows_done = ?, size = ? WHERE id = ? AND status = ?", c.rows, c.size, c.id, string(Running))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmp.Or(err, errWithdrawn)
		}
		_, err = tx.Exec(c.ctx, "INSERT INTO export_chunks (export_id, seq, data) VALUES (?, ?, ?)", c.id, c.seq, c.buf)
		return err
	})
	c.buf = c.buf[:0]
	if err == nil && c.written != nil {
		c.written(c.seq)
	}
	return err
}

// Open returns a finished export's file for user (see GetFor), with an
// audit entry. Conflict while it is not done yet.
func (s *Service) Open(ctx context.Context, id, userID int64, admin bool) (Download, error) {
	e, err := s.GetFor(ctx, id, userID, admin)
	if err != nil {
		return Download{}, err
	}
	if e.Status != Done {
		return Download{}, apperr.New(apperr.Conflict, "Export %d is %s: its file is not ready.", id, e.Status)
	}
	now := s.now()
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		return audit.Record(ctx, tx, now, audit.Change{Entity: "export", EntityID: id, EntityName: e.FileName, Action: "download",
			Summary: fmt.Sprintf("Downloaded %s (%d bytes)", e.FileName, e.Size)})
	})
	if err != nil {
		return Download{}, store.Wrap(err, "Could not record the download.")
	}
	return Download{Filename: e.FileName, ContentType: e.ContentType, Size: e.Size,
		Write: func(ctx context.Context, w io.Writer) error { return s.copyChunks(ctx, id, w) }}, nil
}

// copyChunks writes export id's file to w, a chunk (one query) at a time.
func (s *Service) copyChunks(ctx context.Context, id int64, w io.Writer) error {
	var last int64
	if err := s.DB.QueryRow(ctx, "SELECT COALESCE(MAX(seq), 0) FROM export_chunks WHERE export_id = ?", id).Scan(&last); err != nil {
		return err
	}
	for seq := int64(1); seq <= last; seq++ {
		var data []byte
		err := s.DB.QueryRow(ctx, "SELECT data FROM export_chunks WHERE export_id = ? AND seq = ?", id, seq).Scan(&data)
		if err != nil {
			return fmt.Errorf("export %d chunk %d: %w", id, seq, err)
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	return nil
}

// Prune deletes exports, with their files, made more than Keep ago, and
// returns how many went: the hourly job.
func (s *Service) Prune(ctx context.Context) (int64, error) {
	var n int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		cut := s.now().Add(-Keep).Unix()
		if _, err := tx.Exec(ctx, "DELETE FROM export_chunks WHERE export_id IN (SELECT id FROM exports WHERE created_at < ?)", cut); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, "DELETE FROM exports WHERE created_at < ?", cut)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, store.Wrap(err, "Could not prune the exports.")
}

// ParseRequest reads a request as a form or query gives it: kind, and
// for members format, segment and archived. Invalid naming the field.
func ParseRequest(get func(string) string) (Request, error) {
	kind := strings.TrimSpace(get("kind"))
	switch kind {
	case KindMembers:
		q := map[string][]string{}
		for _, k := range []string{"format", "segment", "archived"} {
			if v := get(k); v != "" {
				q[k] = []string{v}
			}
		}
		return ParseMembersRequest(q)
	case KindActivities, KindInteractions, KindArchive:
		return Request{Kind: kind}, nil
	}
	return Request{}, &apperr.Error{Code: apperr.Invalid, Message: "kind: must be members, activities, interactions or archive.",
		Fields: map[string]string{"kind": "must be members, activities, interactions or archive"}}
}
