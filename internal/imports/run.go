package imports

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"
	"unicode"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
)

// Status is where a run is in its life.
type Status string

const (
	Uploaded Status = "uploaded" // a file waits for its mapping and a start
	Queued   Status = "queued"   // a job will run it
	Running  Status = "running"
	Checked  Status = "checked" // a dry run finished: nothing was kept
	Done     Status = "done"
	Failed   Status = "failed" // the file was refused: nothing was kept
	Undone   Status = "undone"
)

// Counts are what a run did, row by row.
type Counts struct {
	Rows      int64 `json:"rows"`      // records read
	Created   int64 `json:"created"`   // new members
	Updated   int64 `json:"updated"`   // members already here, changed
	Unchanged int64 `json:"unchanged"` // members already here, as the file has them
	Merged    int64 `json:"merged"`    // rows folded into an earlier row for the same person
	Refused   int64 `json:"refused"`   // rows not imported
	Conflicts int64 `json:"conflicts"` // hand-edited values the file would have changed
	Review    int64 `json:"review"`    // new members who may be someone already here
	// Activities the file's records brought (Slack, Discourse, GitHub):
	// written now, or already stored by an earlier run (the same file
	// again creates none).
	ActivitiesCreated  int64 `json:"activities_created"`
	ActivitiesExisting int64 `json:"activities_existing"`
	// Entries on the session's list (Zoom, Eventbrite, Meetup): added,
	// changed (marked as attended, made host), or already as the file
	// has them.
	AttendanceAdded     int64 `json:"attendance_added"`
	AttendanceChanged   int64 `json:"attendance_changed"`
	AttendanceUnchanged int64 `json:"attendance_unchanged"`
}

// Run is one import of one file.
type Run struct {
	ID         int64
	Kind       string
	FileName   string
	Source     string // the saved mapping's name
	Mapping    Mapping
	Status     Status
	DryRun     bool // the last execution was a dry run
	CreatedBy  int64
	Actor      string
	CreatedAt  time.Time
	StartedAt  time.Time
	FinishedAt time.Time
	Counts
	Error    string // why the file was refused
	JobID    int64
	UndoneAt time.Time
}

// Finished reports whether the run has an outcome to show.
func (r Run) Finished() bool {
	return r.Status == Checked || r.Status == Done || r.Status == Failed || r.Status == Undone
}

// Issue is one row-level finding of a run.
type Issue struct {
	File     string
	Line     int
	Kind     string // refused, conflict, merged
	MemberID int64  // 0 when none
	OtherID  int64  // review: the member MemberID may be the same person as
	Field    string
	Message  string
}

// Issue kinds.
const (
	IssueRefused  = "refused"
	IssueConflict = "conflict"
	IssueMerged   = "merged"
	IssueReview   = "review"
)

const runColumns = `id, kind, file_name, source, mapping, status, dry_run, COALESCE(created_by, 0), actor, created_at,
	COALESCE(started_at, 0), COALESCE(finished_at, 0), rows_read, created, updated, unchanged, merged, refused,
	conflicts, review, error, COALESCE(job_id, 0), COALESCE(undone_at, 0), activities_created, activities_existing,
	attendance_added, attendance_changed, attendance_unchanged`

func scanRun(sc interface{ Scan(...any) error }) (Run, error) {
	var r Run
	var mapping string
	var created, started, finished, undone int64
	err := sc.Scan(&r.ID, &r.Kind, &r.FileName, &r.Source, &mapping, &r.Status, &r.DryRun, &r.CreatedBy, &r.Actor,
		&created, &started, &finished, &r.Rows, &r.Created, &r.Updated, &r.Unchanged, &r.Merged, &r.Refused,
		&r.Conflicts, &r.Review, &r.Error, &r.JobID, &undone, &r.ActivitiesCreated, &r.ActivitiesExisting,
		&r.AttendanceAdded, &r.AttendanceChanged, &r.AttendanceUnchanged)
	if err != nil {
		return Run{}, err
	}
	if mapping != "" {
		if err := json.Unmarshal([]byte(mapping), &r.Mapping); err != nil {
			return Run{}, err
		}
	}
	r.CreatedAt = store.UnixTime(created)
	r.StartedAt, r.FinishedAt, r.UndoneAt = unixOrZero(started), unixOrZero(finished), unixOrZero(undone)
	return r, nil
}

func unixOrZero(s int64) time.Time {
	if s == 0 {
		return time.Time{}
	}
	return store.UnixTime(s)
}

// createRun records a new run by the actor in ctx.
func (s *Service) createRun(ctx context.Context, q store.Querier, kind, fileName string, status Status) (int64, error) {
	a := audit.ActorFrom(ctx)
	var by any
	if a.UserID != 0 {
		by = a.UserID
	}
	tx, ok := q.(*store.Tx)
	if !ok {
		var id int64
		err := s.DB.InTx(ctx, func(tx *store.Tx) error {
			var err error
			id, err = s.createRun(ctx, tx, kind, fileName, status)
			return err
		})
		return id, err
	}
	return tx.Insert(ctx, "INSERT INTO import_runs (kind, file_name, status, created_by, actor, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		kind, fileName, string(status), by, a.Name, s.now().Unix())
}

// Get returns run id, or NotFound.
func (s *Service) Get(ctx context.Context, id int64) (Run, error) {
	r, err := scanRun(s.DB.QueryRow(ctx, "SELECT "+runColumns+" FROM import_runs WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return Run{}, apperr.NotFoundf("There is no import with id %d.", id)
	}
	return r, store.Wrap(err, "Could not load the import.")
}

// List returns the latest runs, newest first.
func (s *Service) List(ctx context.Context, limit int) ([]Run, error) {
	rows, err := s.DB.Query(ctx, "SELECT "+runColumns+" FROM import_runs ORDER BY id DESC LIMIT ?", limit)
	if err != nil {
		return nil, store.Wrap(err, "Could not list the imports.")
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, store.Wrap(err, "Could not list the imports.")
		}
		out = append(out, r)
	}
	return out, store.Wrap(rows.Err(), "Could not list the imports.")
}

// Issues returns up to limit of run id's row-level findings, in file order.
func (s *Service) Issues(ctx context.Context, id int64, limit int) ([]Issue, error) {
	rows, err := s.DB.Query(ctx, `SELECT file_name, line, kind, COALESCE(member_id, 0), COALESCE(other_id, 0), field, message
		FROM import_issues WHERE run_id = ? ORDER BY seq LIMIT ?`, id, limit)
	if err != nil {
		return nil, store.Wrap(err, "Could not load the import's log.")
	}
	defer rows.Close()
	var out []Issue
	for rows.Next() {
		var i Issue
		if err := rows.Scan(&i.File, &i.Line, &i.Kind, &i.MemberID, &i.OtherID, &i.Field, &i.Message); err != nil {
			return nil, store.Wrap(err, "Could not load the import's log.")
		}
		out = append(out, i)
	}
	return out, store.Wrap(rows.Err(), "Could not load the import's log.")
}

// File returns the file uploaded for run id.
func (s *Service) File(ctx context.Context, id int64) ([]byte, error) {
	var data []byte
	err := s.DB.QueryRow(ctx, "SELECT data FROM import_files WHERE run_id = ?", id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("The file of import %d is no longer kept.", id)
	}
	return data, store.Wrap(err, "Could not load the import's file.")
}

// Upload keeps a file for a run the UI will start once its mapping is
// chosen, and returns the run's id.
func (s *Service) Upload(ctx context.Context, kind, fileName string, data []byte) (int64, error) {
	if _, ok := s.Importers[kind]; !ok {
		return 0, apperr.New(apperr.Invalid, "There is no import of kind %q.", kind)
	}
	// The name is shown and stored: keep it to one line of valid text.
	fileName = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(fileName, ""))
	if fileName == "" {
		fileName = "upload"
	}
	if len(data) == 0 {
		return 0, &apperr.Error{Code: apperr.Invalid, Message: "file: is empty.", Fields: map[string]string{"file": "is empty"}}
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if id, err = s.createRun(ctx, tx, kind, fileName, Uploaded); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "INSERT INTO import_files (run_id, data) VALUES (?, ?)", id, data)
		return err
	})
	return id, store.Wrap(err, "Could not keep the uploaded file.")
}

// writeIssues stores a run's findings, replacing any an earlier execution
// (a dry run) left.
func writeIssues(ctx context.Context, tx *store.Tx, runID int64, issues []Issue) error {
	if _, err := tx.Exec(ctx, "DELETE FROM import_issues WHERE run_id = ?", runID); err != nil {
		return err
	}
	_, err := tx.CopyRows(ctx, "import_issues", []string{"run_id", "seq", "file_name", "line", "kind", "member_id", "other_id", "field", "message"},
		func(yield func([]any) bool) {
			for i, is := range issues {
				var m, o any
				if is.MemberID != 0 {
					m = is.MemberID
				}
				if is.OtherID != 0 {
					o = is.OtherID
				}
				if !yield([]any{runID, int64(i + 1), is.File, int64(is.Line), is.Kind, m, o, is.Field, is.Message}) {
					return
				}
			}
		})
	return err
}

// finish records a run's outcome.
func finish(ctx context.Context, tx *store.Tx, runID int64, st Status, dry bool, c Counts, errText string, now time.Time) error {
	_, err := tx.Exec(ctx, `UPDATE import_runs SET status = ?, dry_run = ?, finished_at = ?, rows_read = ?, created = ?,
		updated = ?, unchanged = ?, merged = ?, refused = ?, conflicts = ?, review = ?, error = ?,
		activities_created = ?, activities_existing = ?, attendance_added = ?, attendance_changed = ?, attendance_unchanged = ?
		WHERE id = ?`,
		string(st), dry, now.Unix(), c.Rows, c.Created, c.Updated, c.Unchanged, c.Merged, c.Refused, c.Conflicts, c.Review, errText,
		c.ActivitiesCreated, c.ActivitiesExisting, c.AttendanceAdded, c.AttendanceChanged, c.AttendanceUnchanged, runID)
	return err
}
