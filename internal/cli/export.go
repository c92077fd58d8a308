package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/backup"
	"github.com/trellis-community/trellis/internal/export"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
)

func (e *env) exportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the community's records to a file: members, calendar, activities, interactions, or the whole database",
	}
	cmd.AddCommand(e.exportMembersCmd(), e.exportCalendarCmd(), e.exportRecordsCmd("activities", export.Activities),
		e.exportRecordsCmd("interactions", export.Interactions), e.exportArchiveCmd())
	return cmd
}

func (e *env) exportMembersCmd() *cobra.Command {
	var format, segment, out string
	var archived bool
	cmd := &cobra.Command{
		Use:   "members --format csv|vcard [--segment S] -o FILE",
		Short: "Write members as CSV or vCard 4.0: all of them, or a saved segment's",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, ok := export.ParseFormat(format)
			if !ok {
				return apperr.New(apperr.Invalid, "--format must be csv or vcard, not %q.", format)
			}
			a, ctx, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			filter := members.Filter{}
			if segment != "" {
				seg, err := findSegment(ctx, a, segment)
				if err != nil {
					return err
				}
				filter = seg.Filter
			}
			if archived {
				filter.Archived = members.ArchivedInclude
			}
			start := time.Now()
			var n int
			err = writeOutput(e.stdout, out, func(w io.Writer) error {
				n, err = export.Members(ctx, a.Members, filter, f, w)
				return err
			})
			if err != nil {
				return err
			}
			e.done(out, fmt.Sprintf("%d members", n), n, start)
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "csv", "csv or vcard (vCard 4.0)")
	cmd.Flags().StringVar(&segment, "segment", "", "a saved segment's name or id: only its members")
	cmd.Flags().BoolVar(&archived, "include-archived", false, "archived members too")
	cmd.Flags().StringVarP(&out, "output", "o", "", "the file to write, - for standard output")
	_ = cmd.MarkFlagRequired("output")
	return cmd
}

// findSegment finds a saved segment by id or by name (ignoring case).
func findSegment(ctx context.Context, a *app.App, s string) (members.Segment, error) {
	var seg members.Segment
	if id, err := strconv.ParseInt(s, 10, 64); err == nil {
		if seg, err = a.Members.GetSegment(ctx, id); err != nil {
			return seg, err
		}
	} else {
		all, err := a.Members.ListSegments(ctx)
		if err != nil {
			return seg, err
		}
		found := false
		for _, x := range all {
			if strings.EqualFold(x.Name, strings.TrimSpace(s)) {
				seg, found = x, true
				break
			}
		}
		if !found {
			return seg, apperr.NotFoundf("There is no segment called %q.", s)
		}
	}
	if seg.Problem != "" {
		return seg, apperr.New(apperr.Invalid, "%s", seg.Problem)
	}
	return seg, nil
}

func (e *env) exportCalendarCmd() *cobra.Command {
	var out string
	var programme int64
	cmd := &cobra.Command{
		Use:   "calendar [--programme ID] -o FILE",
		Short: "Write the programming calendar as iCalendar (.ics)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, ctx, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			start := time.Now()
			err = writeOutput(e.stdout, out, func(w io.Writer) error {
				return export.Calendar(ctx, a.Calendar, programme, a.Now(), w)
			})
			if err != nil {
				return err
			}
			e.done(out, "the calendar", 0, start)
			return nil
		},
	}
	cmd.Flags().Int64Var(&programme, "programme", 0, "one programme's calendar (default: the whole community's)")
	cmd.Flags().StringVarP(&out, "output", "o", "", "the file to write, - for standard output")
	_ = cmd.MarkFlagRequired("output")
	return cmd
}

func (e *env) exportRecordsCmd(what string, fn func(context.Context, *store.DB, io.Writer) (int, error)) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   what + " -o FILE",
		Short: "Write every one of the " + what + " as CSV",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, ctx, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			start := time.Now()
			var n int
			err = writeOutput(e.stdout, out, func(w io.Writer) error {
				n, err = fn(ctx, a.DB, w)
				return err
			})
			if err != nil {
				return err
			}
			e.done(out, fmt.Sprintf("%d %s", n, what), n, start)
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "the file to write, - for standard output")
	_ = cmd.MarkFlagRequired("output")
	return cmd
}

func (e *env) exportArchiveCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "archive -o FILE",
		Short: "Write the whole database as a JSON Lines archive (gzipped when FILE ends in .gz); see docs/archive.md",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			db, err := store.Open(ctx, e.cfg.DB, store.Options{})
			if err != nil {
				return err
			}
			defer db.Close()
			start := time.Now()
			var st backup.Stats
			if out == "-" {
				st, err = backup.WriteArchive(ctx, db, e.stdout, app.Version, time.Now())
			} else {
				st, err = backup.WriteArchiveFile(ctx, db, out, app.Version, time.Now())
			}
			if err != nil {
				return err
			}
			e.done(out, fmt.Sprintf("%d rows of %d tables, %s", st.Rows, st.Tables, bytesWords(st.Bytes)), int(st.Rows), start)
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "the file to write, - for standard output")
	_ = cmd.MarkFlagRequired("output")
	return cmd
}

// writeOutput runs write into path ("-" is standard output). A file is
// written beside its final name and renamed into place only when complete,
// so a failed export never leaves half a file that looks whole.
func writeOutput(stdout io.Writer, path string, write func(io.Writer) error) error {
	if path == "-" {
		return write(stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return apperr.New(apperr.Invalid, "Could not write %s: %v", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// done reports an export on standard error (standard output may be the
// export itself).
func (e *env) done(path, what string, rows int, start time.Time) {
	took := time.Since(start)
	rate := ""
	if rows > 0 && took > 0 {
		rate = fmt.Sprintf(", %.0f/s", float64(rows)/took.Seconds())
	}
	if path == "-" {
		path = "standard output"
	}
	fmt.Fprintf(e.stderr, "Wrote %s to %s in %s%s.\n", what, path, took.Round(time.Millisecond), rate)
}

func bytesWords(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
