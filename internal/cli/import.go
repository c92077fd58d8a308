package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/imports/csvmembers"
)

func (e *env) importCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import <kind> [--db DSN] FILE",
		Short: "Import members from a file (csv), logged and undoable",
	}
	cmd.AddCommand(e.importCSVCmd(), e.importUndoCmd(), e.importListCmd())
	cmd.AddCommand(e.importAttendanceCmds()...)
	cmd.AddCommand(e.importVCardCmd(), e.importMailchimpCmd(), e.importListmonkCmd())
	cmd.AddCommand(e.importPlatformCmds()...)
	return cmd
}

func fieldNames() string {
	var names []string
	for _, f := range csvmembers.Fields {
		names = append(names, f.Name)
	}
	return strings.Join(names, ", ") + ", custom:NAME."
}

func parseMapping(pairs []string) (imports.Mapping, error) {
	if len(pairs) == 0 {
		return nil, nil
	}
	m := imports.Mapping{}
	for _, p := range pairs {
		h, f, ok := strings.Cut(p, "=")
		h, f = strings.TrimSpace(h), strings.TrimSpace(f)
		if !ok || h == "" {
			return nil, fmt.Errorf("--mapping %q: write HEADER=FIELD", p)
		}
		if !csvmembers.ValidField(f) {
			return nil, fmt.Errorf("--mapping %q: %q is not a field; fields are %s", p, f, fieldNames())
		}
		m[h] = f
	}
	return m, nil
}

// printRun prints a run's counts and its log.
func (e *env) printRun(ctx context.Context, s *imports.Service, run imports.Run) {
	what := "Imported"
	if run.DryRun {
		what = "Dry run, nothing kept:"
	}
	took := run.FinishedAt.Sub(run.StartedAt)
	fmt.Fprintf(e.stdout, "%s %s (import %d): %d rows, %s", what, run.FileName, run.ID, run.Rows, run.Counts.Summary())
	if took > 0 {
		fmt.Fprintf(e.stdout, " in %s", took)
	}
	fmt.Fprintln(e.stdout, ".")
	issues, err := s.Issues(ctx, run.ID, 1000)
	if err != nil {
		fmt.Fprintln(e.stderr, "trellis: could not read the import's log:", err)
		return
	}
	for _, is := range issues {
		fmt.Fprintf(e.stdout, "%s:%d: %s: %s\n", is.File, is.Line, is.Kind, is.Message)
	}
	if n := run.Refused + run.Conflicts + run.Merged; n > int64(len(issues)) {
		fmt.Fprintf(e.stdout, "... and more: the whole log is on the import's page (/imports/%d).\n", run.ID)
	}
}

func (e *env) importUndoCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "undo [--db DSN] RUN",
		Short: "Undo an import while nothing newer depends on it",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var id int64
			if _, err := fmt.Sscan(args[0], &id); err != nil || id <= 0 {
				return fmt.Errorf("RUN must be an import's number, as `trellis import list` shows")
			}
			a, ctx, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			run, err := a.Imports.Undo(ctx, id)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Undid import %d (%s).\n", run.ID, run.FileName)
			return nil
		},
	}
}

func (e *env) importListCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "list [--db DSN]",
		Short: "List the latest imports",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, ctx, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			runs, err := a.Imports.List(ctx, 50)
			if err != nil {
				return err
			}
			for _, r := range runs {
				fmt.Fprintf(e.stdout, "%d\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.CreatedAt.Format(time.DateTime), r.Kind, r.Status, r.FileName, r.Counts.Summary())
			}
			return nil
		},
	}
}

// progressBar draws an import's progress on a terminal: a bar, rows, rate
// and time left, redrawn in place. Off a terminal it draws nothing.
type progressBar struct {
	w     io.Writer
	shown bool
}

func newProgressBar(w io.Writer) *progressBar {
	f, ok := w.(*os.File)
	if !ok {
		return &progressBar{}
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return &progressBar{}
	}
	return &progressBar{w: w}
}

func (p *progressBar) show(s imports.Snapshot) {
	if p.w == nil {
		return
	}
	p.shown = true
	fmt.Fprint(p.w, "\r"+barLine(s))
}

func (p *progressBar) done() {
	if p.shown {
		fmt.Fprintln(p.w)
	}
}

// barLine is one line of progress: "[=====>    ]  45%  45000 rows  12000 rows/s  ETA 4s".
func barLine(s imports.Snapshot) string {
	const width = 30
	f := s.Fraction()
	bar := strings.Repeat(" ", width)
	pct := "  ?%"
	if f >= 0 {
		n := int(f * width)
		bar = strings.Repeat("=", n) + strings.Repeat(" ", width-n)
		if n < width {
			bar = strings.Repeat("=", n) + ">" + strings.Repeat(" ", width-n-1)
		}
		pct = fmt.Sprintf("%3d%%", int(f*100))
	}
	eta := "ETA ?"
	if d := s.ETA(); d >= 0 {
		eta = "ETA " + d.Round(time.Second).String()
	}
	return fmt.Sprintf("[%s] %s  %d rows  %.0f rows/s  %s   ", bar, pct, s.Rows, s.Rate(), eta)
}
