package cli

import (
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/trellis-community/trellis/internal/imports"
)

// importAttendanceCmds are the imports whose file is the attendance of a
// programme's session: zoom, eventbrite and meetup.
func (e *env) importAttendanceCmds() []*cobra.Command {
	return []*cobra.Command{
		e.importAttendanceCmd("zoom", "Import who came to a session from a Zoom participant report",
			`zoom reads a Zoom meeting's participant report (Reports > Usage >
Participants > Export), with or without the meeting summary on top.
Everyone in it came; someone who joined several times is one person with
their minutes added up; time in the waiting room does not count; the
summary's host is recorded as the host.`),
		e.importAttendanceCmd("eventbrite", "Import who came to a session from an Eventbrite attendee report",
			`eventbrite reads an event's attendee report. Checked-in attendees came;
attendees not checked in are put on the list as registered; cancelled,
refunded and transferred tickets are refused in the log. "Company" and
"Job Title" questions fill the members' affiliation and job title.`),
		e.importAttendanceCmd("meetup", "Import who came to a session from a Meetup member or RSVP list",
			`meetup reads a Meetup group's member list (whoever's "Last Attended" is
the session's date came) or an event's RSVP list (a "Yes" is registered,
the event's hosts are its hosts). Meetup gives no emails: people are
recognised by their Meetup member id.`),
	}
}

func (e *env) importAttendanceCmd(kind, short, long string) *cobra.Command {
	var session int64
	var at string
	var dryRun bool
	cmd := &cobra.Command{
		Use:   kind + " --session ID [--at DATE] [--db DSN] [--dry-run] FILE",
		Short: short,
		Long: long + `

People are matched to members already in the community (by email, then
their platform id, then name); new ones are created. They are put on the
list of session ID (for a series, of its date --at, as "2026-03-03T16:00"
in the session's zone), and those who came get their attendance and its
activity. Nothing is lowered: an entry a manager recorded keeps its part
and note. The same file twice changes nothing; "trellis import undo RUN"
takes it back. A file saying people came to a date that was cancelled or
has not started yet is refused, and so is a file that cannot be read,
naming the line: nothing is kept and the command exits 1.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if session <= 0 {
				return fmt.Errorf("--session is required: the id of the session this file is the attendance of (see the session's page)")
			}
			sigCtx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			info, err := f.Stat()
			if err != nil {
				return err
			}
			a, ctx, err := e.open(sigCtx)
			if err != nil {
				return err
			}
			defer a.Close()
			o := imports.Options{DryRun: dryRun, Size: info.Size(), Session: session, Occurrence: at}
			bar := newProgressBar(e.stderr)
			o.OnProgress = bar.show
			run, err := a.Imports.Import(ctx, kind, filepath.Base(args[0]), f, o)
			bar.done()
			if err != nil {
				return err
			}
			e.printRun(ctx, a.Imports, run)
			if !dryRun {
				n, err := a.Imports.AttendanceWritten(ctx, run.ID)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "%d entries of session %d's list added or changed.\n", n, session)
			}
			return nil
		},
	}
	cmd.Flags().Int64Var(&session, "session", 0, "the session the file is the attendance of (required)")
	cmd.Flags().StringVar(&at, "at", "", "for a series: the date, by its start as the series gives it (2026-03-03T16:00)")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "report what would be created, updated, merged or refused; keep nothing")
	return cmd
}
