package app

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/trellis-community/trellis/internal/export"
	"github.com/trellis-community/trellis/internal/jobs"
	"github.com/trellis-community/trellis/internal/privacy"
	"github.com/trellis-community/trellis/internal/store"
)

// newExports wires the export jobs: making a file (export.run) and, every
// hour, deleting those older than a day (export.prune).
func newExports(a *App) *export.Service {
	s := &export.Service{Sources: export.Sources{DB: a.DB, Members: a.Members, Calendar: a.Calendar, Now: a.Now, AppVersion: Version},
		Jobs: a.Jobs}
	a.Jobs.Register(export.JobRun, func(ctx context.Context, payload json.RawMessage) error {
		var p struct {
			ExportID int64 `json:"export_id"`
		}
		if err := json.Unmarshal(payload, &p); err != nil {
			return jobs.Permanent(err)
		}
		return s.Run(ctx, p.ExportID)
	})
	a.Jobs.Register(export.JobPrune, func(ctx context.Context, _ json.RawMessage) error {
		n, err := s.Prune(ctx)
		if err == nil && n > 0 {
			a.Log.Info("pruned old exports", slog.Int64("count", n))
		}
		return err
	})
	a.Jobs.Every(export.JobPrune, time.Hour)
	// A finished export may hold an erased person: their erasure takes
	// every kept export file with it (they are a day's worth at most).
	a.Privacy.RegisterEraser("export files", func(ctx context.Context, tx *store.Tx, _ privacy.Person) error {
		return export.Withdraw(ctx, tx, "Removed: a member it held was erased.")
	})
	return s
}
