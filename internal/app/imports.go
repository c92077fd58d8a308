package app

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/imports/csvmembers"
	"github.com/trellis-community/trellis/internal/imports/mailinglists"
	"github.com/trellis-community/trellis/internal/imports/platforms"
	"github.com/trellis-community/trellis/internal/imports/vcard"
	"github.com/trellis-community/trellis/internal/jobs"
)

// JobImport runs an import uploaded through the UI.
const JobImport = "import"

// ImportJob is the payload of a JobImport job.
type ImportJob struct {
	RunID  int64 `json:"run_id"`
	DryRun bool  `json:"dry_run"`
}

// newImports wires the imports and the kinds of file they read.
func newImports(a *App) *imports.Service {
	s := &imports.Service{DB: a.DB, Members: a.Members, Now: a.Now,
		Importers: map[string]imports.Importer{"csv": csvmembers.Importer{},
			"vcard":     vcard.Importer{},
			"mailchimp": mailinglists.Mailchimp{},
			"listmonk":  mailinglists.Listmonk{},
			"slack":     platforms.Slack{},
			"discourse": platforms.Discourse{},
			"github":    platforms.GitHub{},
		},
		Activities: importActivities(a.Participation)}
	addAttendanceImports(a, s)
	return s
}

// registerImportJobs lets the job queue run uploaded imports. A run that
// fails records why on itself, and is started again from its page rather
// than retried blindly: every error is final for the job.
func registerImportJobs(a *App) {
	a.Jobs.Register(JobImport, func(ctx context.Context, payload json.RawMessage) error {
		var p ImportJob
		if err := json.Unmarshal(payload, &p); err != nil {
			return jobs.Permanent(err)
		}
		run, err := a.Imports.Get(ctx, p.RunID)
		if err != nil {
			return jobs.Permanent(err)
		}
		ctx = audit.WithActor(ctx, audit.Actor{UserID: run.CreatedBy, Name: run.Actor})
		if _, err := a.Imports.Execute(ctx, p.RunID, p.DryRun); err != nil {
			var fe *imports.FileError
			if errors.As(err, &fe) {
				return jobs.Permanent(fe)
			}
			return jobs.Permanent(err)
		}
		return nil
	})
}
