package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/bench"
	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/programming"
)

// benchPlatforms times the attendance and platform imports (bench --zoom,
// --slack, --github): each generates its file as the platform exports it,
// imports it, then imports it again, which must change nothing. It prints
// each import's wall time, rate, the process's CPU time, its counts and,
// at the end, the peak memory.
func (e *env) benchPlatforms(ctx context.Context, a *app.App, zoom, slack, github int) error {
	start := time.Now().UTC().Add(-48 * time.Hour).Truncate(time.Hour)
	type kind struct {
		name, file string
		n          int
		unit       string
		write      func(io.Writer) error
		opt        imports.Options
	}
	var kinds []kind
	if zoom > 0 {
		p, err := a.Programming.CreateProgramme(ctx, programming.ProgrammeInput{Kind: programming.CommunityCall, Title: "Bench call"})
		if err != nil {
			return err
		}
		s, err := a.Programming.CreateSession(ctx, p.ID, programming.SessionInput{Start: start.Format("2006-01-02T15:04"),
			End: start.Add(2 * time.Hour).Format("2006-01-02T15:04"), TimeZone: "UTC"})
		if err != nil {
			return err
		}
		kinds = append(kinds, kind{"zoom", "participants.csv", zoom, "rows",
			func(w io.Writer) error { return bench.WriteZoomReport(w, zoom, start) }, imports.Options{Session: s.ID}})
	}
	if slack > 0 {
		kinds = append(kinds, kind{"slack", "slack-export.zip", slack, "messages",
			func(w io.Writer) error { return bench.WriteSlackExport(w, slack, start) }, imports.Options{}})
	}
	if github > 0 {
		kinds = append(kinds, kind{"github", "github-activity.json", github, "items",
			func(w io.Writer) error { return bench.WriteGitHubActivity(w, github, start) }, imports.Options{}})
	}
	for _, k := range kinds {
		f, err := os.CreateTemp("", "trellis-bench-"+k.name+"-*")
		if err != nil {
			return err
		}
		path := f.Name()
		defer os.Remove(path)
		if err := k.write(f); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		info, err := os.Stat(path)
		if err != nil {
			return err
		}
		k.opt.Size = info.Size()
		for i, label := range []string{"import", "same file again"} {
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			cpu0, t0 := cpuTime(), time.Now()
			run, err := a.Imports.Import(ctx, k.name, k.file, f, k.opt)
			took, cpu := time.Since(t0), cpuTime()-cpu0
			f.Close()
			if err != nil {
				return fmt.Errorf("bench %s %s: %w", k.name, label, err)
			}
			// Every message, item and participant is one the import takes:
			// none is left out as being in the future or malformed.
			if i == 0 && run.Refused+run.Conflicts != 0 {
				return fmt.Errorf("bench %s: the generated file had refusals: %s", k.name, run.Counts.Summary())
			}
			if i == 0 && k.name != "zoom" && run.ActivitiesCreated != int64(k.n) {
				return fmt.Errorf("bench %s: %d activities created from %d %s", k.name, run.ActivitiesCreated, k.n, k.unit)
			}
			if i == 1 && (run.Created+run.Updated+run.ActivitiesCreated+run.AttendanceAdded+run.AttendanceChanged != 0) {
				return fmt.Errorf("bench %s: the same file again changed something: %s", k.name, run.Counts.Summary())
			}
			fmt.Fprintf(e.stdout, "%s %s (%s): %d %s (%d records) of a %.1f MB file in %s: %.0f %s/s; CPU %s (%.0f %s per CPU second); %s.\n",
				k.name, label, a.DB.Dialect, k.n, k.unit, run.Rows, float64(info.Size())/1e6, took.Round(time.Millisecond),
				float64(k.n)/took.Seconds(), k.unit, cpu.Round(time.Millisecond), float64(k.n)/cpu.Seconds(), k.unit, run.Counts.Summary())
		}
	}
	if len(kinds) > 0 {
		fmt.Fprintf(e.stdout, "Peak memory (RSS) of this process after the platform imports: %s.\n", peakRSS())
	}
	return nil
}
