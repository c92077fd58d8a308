package api

import (
	"net/http"
	"time"

	"github.com/trellis-community/trellis/internal/imports"
)

// importRun is an import run as the API shows it.
type importRun struct {
	ID         int64          `json:"id"`
	Kind       string         `json:"kind"`
	FileName   string         `json:"file_name"`
	Status     imports.Status `json:"status"`
	DryRun     bool           `json:"dry_run"`
	Actor      string         `json:"actor"`
	CreatedAt  time.Time      `json:"created_at"`
	StartedAt  *time.Time     `json:"started_at,omitempty"`
	FinishedAt *time.Time     `json:"finished_at,omitempty"`
	UndoneAt   *time.Time     `json:"undone_at,omitempty"`
	Error      string         `json:"error,omitempty"`
	Counts     imports.Counts `json:"counts"`
	// Refused summarises the rows the run did not import: how many, and
	// the first refusedShown of them with their file, line and reason.
	Refused refusedRows `json:"refused"`
}

type refusedRows struct {
	Count int64        `json:"count"`
	Rows  []refusedRow `json:"rows"`
	More  bool         `json:"more"`
}

type refusedRow struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// refusedShown bounds the refused rows one answer lists; the run's page
// shows the whole log.
const refusedShown = 100

// issuesRead bounds the log entries read to find them (conflicts and
// merges come in the same log, in file order).
const issuesRead = 5000

// ImportGet answers GET /api/v1/imports/{id} with the run: its kind,
// status, counts (members, activities, attendance) and its refused rows.
// NotFound for an unknown id.
func (h *Handler) ImportGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "import")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	run, err := h.app.Imports.Get(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := importRun{ID: run.ID, Kind: run.Kind, FileName: run.FileName, Status: run.Status, DryRun: run.DryRun,
		Actor: run.Actor, CreatedAt: run.CreatedAt.UTC(), StartedAt: timeOrNil(run.StartedAt), FinishedAt: timeOrNil(run.FinishedAt),
		UndoneAt: timeOrNil(run.UndoneAt), Error: run.Error, Counts: run.Counts,
		Refused: refusedRows{Count: run.Refused, Rows: []refusedRow{}}}
	issues, err := h.app.Imports.Issues(ctx, id, issuesRead)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	listed := int64(0)
	for _, is := range issues {
		if is.Kind != imports.IssueRefused {
			continue
		}
		listed++
		if len(out.Refused.Rows) < refusedShown {
			out.Refused.Rows = append(out.Refused.Rows, refusedRow{File: is.File, Line: is.Line, Field: is.Field, Message: is.Message})
		}
	}
	// A refused file is one refusal in the log, not counted as a row.
	out.Refused.Count = max(out.Refused.Count, listed)
	out.Refused.More = out.Refused.Count > int64(len(out.Refused.Rows))
	ok(w, out)
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}
