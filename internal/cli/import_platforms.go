package cli

import (
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/trellis-community/trellis/internal/imports"
)

// importPlatformCmds are the imports of community platforms' own exports:
// no columns to map, so only --dry-run.
func (e *env) importPlatformCmds() []*cobra.Command {
	kinds := []struct{ kind, use, short, long string }{
		{"slack", "slack [--db DSN] [--dry-run] EXPORT.zip", "Import a Slack workspace export (zip): members, identities and messages",
			`slack imports the zip a Slack admin exports (Settings > Import/Export Data):
everyone in users.json becomes a member (bots left out) with the identity
slack:<user id> and their email when the export has it, and every message in
a channel a "posted_chat" activity, every reply in a thread "replied_chat".
Joins, bots' messages and direct messages are left out.`},
		{"discourse", "discourse [--db DSN] [--dry-run] FILE", "Import a Discourse user list (CSV) or posts (JSON)",
			`discourse imports a Discourse forum's user list as an admin exports it
(user_list_*.csv: members with their emails and the identity
discourse:<username>; its counts are not activities), or posts as the API
returns them saved as JSON (/posts.json, /t/{id}.json): the first post of a
topic is "posted_forum", a reply "replied_forum", by username.`},
		{"github", "github [--db DSN] [--dry-run] FILE", "Import GitHub activity saved by gh api (issues, pull requests, comments, reviews)",
			`github imports what ` + "`gh api --paginate`" + ` saves from repos/O/R/issues,
.../pulls, .../issues/comments, .../pulls/comments and .../pulls/N/reviews
(pages back to back in one file is fine): each author is a member with the
identity github:<login> (bots left out), and each item an activity:
opened_issue, opened_pull_request, commented_code, reviewed_pull_request.`},
	}
	var cmds []*cobra.Command
	for _, k := range kinds {
		var dryRun bool
		cmd := &cobra.Command{
			Use:   k.use,
			Short: k.short,
			Long: k.long + `

People already in the community are matched by email, then ORCID iD, then
platform identity, then name. The command prints the counts and every
refused row; a file that cannot be read is refused whole, naming the file and
line: nothing is kept and the command exits 1. The same file twice changes
nothing; ` + "`trellis import undo RUN`" + ` takes the members and activities back.`,
			Args: cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
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
				o := imports.Options{DryRun: dryRun, Size: info.Size()}
				bar := newProgressBar(e.stderr)
				o.OnProgress = bar.show
				run, err := a.Imports.Import(ctx, k.kind, filepath.Base(args[0]), f, o)
				bar.done()
				if err != nil {
					return err
				}
				e.printRun(ctx, a.Imports, run)
				return nil
			},
		}
		cmd.Flags().BoolVar(&dryRun, "dry-run", false, "report what would be created, updated, merged or refused; keep nothing")
		cmds = append(cmds, cmd)
	}
	return cmds
}
