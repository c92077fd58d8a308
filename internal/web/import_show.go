package web

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/imports/csvmembers"
)

type importShowData struct {
	Run      imports.Run
	Issues   []imports.Issue
	More     bool
	Preview  *imports.Preview
	Problem  string // why the file cannot be previewed
	Fields   []struct{ Name, Label string }
	Sources  []string
	Progress *imports.Snapshot
	Running  bool
	// Attendance names the session's date an attendance kind's file is
	// the attendance of; "" for other kinds.
	Attendance string
}

const importIssuesShown = 1000

// importShow is one import: before it runs, the file's preview with its
// column mapping to check; while it runs, its progress; after, its counts
// and its log (refused rows, conflicts, merges) with the file's lines.
func (s *Server) importShow(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	ctx := r.Context()
	run, err := s.app.Imports.Get(ctx, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	d := importShowData{Run: run, Fields: csvmembers.Fields}
	d.Attendance = s.importAttendance(ctx, run)
	switch run.Status {
	case imports.Queued, imports.Running:
		d.Running = true
		if p, ok := s.app.Imports.Progress(id); ok {
			d.Progress = &p
		}
		// The page reloads itself while the import runs: no script needed.
		w.Header().Set("Refresh", "2")
	}
	if run.Status == imports.Uploaded || run.Status == imports.Checked || run.Status == imports.Failed {
		if data, err := s.app.Imports.File(ctx, id); err == nil {
			imp := s.app.Imports.Importers[run.Kind]
			mapping := run.Mapping
			if p, err := imp.Preview(bytes.NewReader(data), run.FileName, mapping, 5); err != nil {
				d.Problem = err.Error()
			} else {
				d.Preview = &p
			}
			if d.Sources, err = s.app.Imports.Sources(ctx, run.Kind); err != nil {
				s.renderError(w, r, err)
				return
			}
		}
	}
	if run.Finished() {
		if d.Issues, err = s.app.Imports.Issues(ctx, id, importIssuesShown+1); err != nil {
			s.renderError(w, r, err)
			return
		}
		if len(d.Issues) > importIssuesShown {
			d.Issues, d.More = d.Issues[:importIssuesShown], true
		}
	}
	s.render(w, r, http.StatusOK, "import_show", view{Title: fmt.Sprintf("Import %d: %s", run.ID, run.FileName), Nav: "members", Data: d})
}
