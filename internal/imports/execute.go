package imports

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"slices"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
)

// Options tune one execution of a run.
type Options struct {
	// DryRun reads and matches the whole file and reports what the import
	// would do, then keeps nothing.
	DryRun bool
	// Mapping overrides the importer's guess, column by column.
	Mapping Mapping
	// Source, when not empty, saves Mapping under this name for the next
	// file from the same place.
	Source string
	// Size is the file's length in bytes, for progress; 0 when unknown.
	Size int64
	// OnProgress, when set, is called after every batch of rows.
	OnProgress func(Snapshot)
	// Session and Occurrence name what an attendance kind's file is the
	// attendance of (see attend.go); other kinds ignore them.
	Session    int64
	Occurrence string
	// BatchPeople and BatchActivities bound a batch: 0 keeps the defaults
	// (5,000 people, 50,000 activities). Smaller batches cost more
	// statements and less memory; tests cross batch boundaries with them
	// without files of tens of thousands of items.
	BatchPeople, BatchActivities int
}

// maxIssues bounds the findings one run keeps (each refused row, conflict
// and merge is one); beyond it they are counted but not listed.
const maxIssues = 100_000

// errDryRun rolls a dry run's transaction back once it has counted.
var errDryRun = errors.New("dry run")

// Import reads file r of the given kind into a new run and executes it:
// the command line's path, which streams the file rather than keeping it.
// A refused file comes back as the run (status failed, Error naming the
// line) and a *FileError.
func (s *Service) Import(ctx context.Context, kind, fileName string, r io.Reader, o Options) (Run, error) {
	imp, ok := s.Importers[kind]
	if !ok {
		return Run{}, apperr.New(apperr.Invalid, "There is no import of kind %q.", kind)
	}
	id, err := s.createRun(ctx, s.DB, kind, fileName, Queued)
	if err != nil {
		return Run{}, store.Wrap(err, "Could not start the import.")
	}
	return s.execute(ctx, id, imp, fileName, r, o)
}

// Execute runs an uploaded run with its saved mapping: the job's path.
func (s *Service) Execute(ctx context.Context, id int64, dryRun bool) (Run, error) {
	run, err := s.Get(ctx, id)
	if err != nil {
		return Run{}, err
	}
	imp, ok := s.Importers[run.Kind]
	if !ok {
		return Run{}, apperr.New(apperr.Invalid, "There is no import of kind %q.", run.Kind)
	}
	data, err := s.File(ctx, id)
	if err != nil {
		return Run{}, err
	}
	return s.execute(ctx, id, imp, run.FileName, bytes.NewReader(data),
		Options{DryRun: dryRun, Mapping: run.Mapping, Source: run.Source, Size: int64(len(data))})
}

func (s *Service) execute(ctx context.Context, id int64, imp Importer, fileName string, r io.Reader, o Options) (Run, error) {
	p := &Progress{Started: time.Now(), Total: o.Size}
	s.progress.Store(id, p)
	defer s.progress.Delete(id)
	mapping, err := json.Marshal(o.Mapping)
	if err != nil {
		return Run{}, err
	}
	if o.Mapping == nil {
		mapping = []byte{}
	}
	if err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if o.Source != "" && o.Mapping != nil {
			if err := saveMapping(ctx, tx, imp.Kind(), o.Source, o.Mapping, s.now()); err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, "UPDATE import_runs SET status = ?, started_at = ?, mapping = ?, source = ?, dry_run = ? WHERE id = ?",
			string(Running), s.now().Unix(), string(mapping), o.Source, o.DryRun, id)
		return err
	}); err != nil {
		return Run{}, store.Wrap(err, "Could not start the import.")
	}

	l := &loader{runID: id, file: fileName, touched: map[int64]bool{}, created: map[int64]bool{}}
	if s.Members != nil {
		l.blocked = s.Members.Blocked
	}
	if l.att, err = s.attendanceFor(ctx, id, imp, o); err != nil {
		return s.refuseRun(ctx, id, fileName, err)
	}
	l.sink = s.Activities
	err = s.DB.InBulkTx(ctx, func(tx *store.Tx) error {
		l.tx, l.now = tx, s.now()
		defer l.close()
		maxPeople, maxActs := cmp.Or(o.BatchPeople, batchSize), cmp.Or(o.BatchActivities, batchActivities)
		batch := make([]Record, 0, maxPeople)
		people, acts := 0, 0
		flush := func() error {
			if err := l.flush(ctx, batch); err != nil {
				return err
			}
			clear(batch) // let the records go before the next fill
			batch, people, acts = batch[:0], 0, 0
			if o.OnProgress != nil {
				o.OnProgress(p.Snapshot(time.Now()))
			}
			return nil
		}
		for rec, err := range imp.Records(countingReader{r: r, n: &p.read}, fileName, o.Mapping) {
			if err != nil {
				return err
			}
			if !rec.Again {
				p.rows.Add(1)
				l.counts.Rows++
				people++
			}
			acts += len(rec.Activities)
			if batch = append(batch, rec); people == maxPeople || acts >= maxActs || len(batch) >= maxActs {
				if err := flush(); err != nil {
					return err
				}
			}
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := flush(); err != nil {
			return err
		}
		if o.DryRun {
			return errDryRun
		}
		// The search triggers go back before anything else is written.
		if l.search != nil {
			if err := l.search.restore(ctx, tx); err != nil {
				return err
			}
		}
		// Edited fields may be ones the participation figures group by.
		if err := s.Members.NoteChanged(ctx, tx, slices.Sorted(maps.Keys(l.touched))); err != nil {
			return err
		}
		if err := writeIssues(ctx, tx, id, l.issues); err != nil {
			return err
		}
		if err := writeReviews(ctx, tx, id, fileName, l.reviews, l.now); err != nil {
			return err
		}
		if err := finish(ctx, tx, id, Done, false, l.counts, "", l.now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM import_files WHERE run_id = ?", id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, l.now, audit.Change{Entity: "import", EntityID: id, EntityName: fileName,
			Action: "import", Summary: "Imported " + fileName + ": " + l.counts.Summary()})
	})
	switch {
	case err == nil:
	case errors.Is(err, errDryRun):
		err = s.record(ctx, id, Checked, true, l.counts, l.issues, "")
	default:
		var fe *FileError
		reason := "The import stopped: " + err.Error()
		issues := []Issue{{File: fileName, Kind: IssueRefused, Message: reason}}
		if errors.As(err, &fe) {
			reason = fe.Error()
			issues = []Issue{{File: fe.File, Line: fe.Line, Kind: IssueRefused, Message: fe.Reason}}
		} else if ctx.Err() != nil {
			reason = "The import was stopped before it finished; nothing was kept."
		} else {
			slog.Default().Error("import failed", slog.Int64("run", id), slog.String("err", err.Error()))
			var ae *apperr.Error
			if !errors.As(err, &ae) {
				reason = "The import failed in the database; nothing was kept."
			}
		}
		rerr := s.record(context.WithoutCancel(ctx), id, Failed, o.DryRun, Counts{Rows: l.counts.Rows}, issues, reason)
		run, gerr := s.Get(context.WithoutCancel(ctx), id)
		if fe != nil {
			return run, fe
		}
		return run, errors.Join(apperr.Wrap(err, apperr.Invalid, "%s", reason), rerr, gerr)
	}
	if err != nil {
		return Run{}, store.Wrap(err, "Could not record the import.")
	}
	if !o.DryRun {
		s.activitiesAdded(ctx, l)
	}
	return s.Get(ctx, id)
}

// record writes the outcome of a run whose own transaction was rolled
// back: a dry run, or a refused file.
func (s *Service) record(ctx context.Context, id int64, st Status, dry bool, c Counts, issues []Issue, errText string) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := writeIssues(ctx, tx, id, issues); err != nil {
			return err
		}
		return finish(ctx, tx, id, st, dry, c, errText, s.now())
	})
}

// HasActivities reports whether the run met any activity.
func (c Counts) HasActivities() bool { return c.ActivitiesCreated+c.ActivitiesExisting > 0 }

// HasAttendance reports whether the run met any list entry.
func (c Counts) HasAttendance() bool {
	return c.AttendanceAdded+c.AttendanceChanged+c.AttendanceUnchanged > 0
}

// Summary says what a run did, in a sentence: its members, then its
// activities and attendance when the file brought any.
func (c Counts) Summary() string {
	out := fmt.Sprintf("%d created, %d updated, %d unchanged, %d merged, %d refused, %d conflicts, %d to review",
		c.Created, c.Updated, c.Unchanged, c.Merged, c.Refused, c.Conflicts, c.Review)
	if c.HasActivities() {
		out += fmt.Sprintf("; activities: %d created, %d already there", c.ActivitiesCreated, c.ActivitiesExisting)
	}
	if c.HasAttendance() {
		out += fmt.Sprintf("; attendance: %d added, %d changed, %d unchanged", c.AttendanceAdded, c.AttendanceChanged, c.AttendanceUnchanged)
	}
	return out
}

// Analyze refreshes the planner's statistics after a large import (see
// store.DB.Analyze). The command line calls it when an import added many
// members; it is not part of the run's transaction.
func (s *Service) Analyze(ctx context.Context) error {
	return s.DB.Analyze(ctx, append(members.BulkTables(), "import_changes")...)
}
