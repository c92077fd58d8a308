package cli

import (
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/trellis-community/trellis/internal/imports"
)

// importKind describes one `trellis import KIND FILE` command.
type importKind struct {
	kind, file  string // file names the argument in the usage line: "FILE", "EXPORT.zip"
	short, long string
	// columns says the file has columns to map: --mapping and --source
	// apply, and the help lists the fields.
	columns bool
}

// importKindCmd is `trellis import KIND FILE`, the same for every kind of
// file: the service does the kind's reading, matching and logging.
func (e *env) importKindCmd(k importKind) *cobra.Command {
	var mapping []string
	var source string
	var dryRun bool
	use := k.kind + " [--db DSN] [--dry-run] " + k.file
	long := k.long + `

People already in the community are matched by email, then ORCID iD, then
platform identity, then name; values a manager edited by hand are kept and
reported as conflicts. --dry-run reports what the import would do and keeps
nothing. It prints the counts and every refused record as FILE:LINE: reason.
A file that cannot be read is refused whole, naming the line: nothing is
kept and the command exits 1. The same file twice changes nothing;
` + "`trellis import undo RUN`" + ` takes a run back.`
	if k.columns {
		use = k.kind + " [--db DSN] [--mapping 'HEADER=FIELD' ...] [--source NAME] [--dry-run] " + k.file
		long += "\n\nFields: " + fieldNames()
	}
	cmd := &cobra.Command{
		Use:   use,
		Short: k.short,
		Long:  long,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			sigCtx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			m, err := parseMapping(mapping)
			if err != nil {
				return err
			}
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
			if source != "" {
				saved, err := a.Imports.Mapping(ctx, k.kind, source)
				if err != nil {
					return err
				}
				for col, field := range m {
					if saved == nil {
						saved = imports.Mapping{}
					}
					saved[col] = field
				}
				m = saved
			}
			o := imports.Options{DryRun: dryRun, Mapping: m, Source: source, Size: info.Size()}
			bar := newProgressBar(e.stderr)
			o.OnProgress = bar.show
			run, err := a.Imports.Import(ctx, k.kind, filepath.Base(args[0]), f, o)
			bar.done()
			if err != nil {
				return err
			}
			e.printRun(ctx, a.Imports, run)
			if !dryRun && run.Created > 10_000 {
				// Fresh statistics, or PostgreSQL plans the members list
				// as if the new rows were not there.
				if err := a.Imports.Analyze(ctx); err != nil {
					return err
				}
			}
			return nil
		},
	}
	if k.columns {
		cmd.Flags().StringArrayVar(&mapping, "mapping", nil, "map a column: 'HEADER=FIELD' (repeat for more)")
		cmd.Flags().StringVar(&source, "source", "", "use and save the mapping under this name (the file's source)")
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "report what would be created, updated, merged or refused; keep nothing")
	return cmd
}

func (e *env) importCSVCmd() *cobra.Command {
	return e.importKindCmd(importKind{kind: "csv", file: "FILE", columns: true,
		short: "Import members from a spreadsheet saved as CSV",
		long: `csv imports the members of a spreadsheet saved as CSV (UTF-8 with or
without a byte-order mark, UTF-16 or Windows-1252; commas, semicolons or
tabs). Columns are mapped from their headers ("E-mail", "Given name",
"Institution" ...); --mapping 'HEADER=FIELD' overrides one (FIELD "" leaves
the column out, "custom:NAME" makes it a custom field), and --source NAME
saves the mapping under NAME, or uses the one saved there.`})
}

func (e *env) importVCardCmd() *cobra.Command {
	return e.importKindCmd(importKind{kind: "vcard", file: "FILE",
		short: "Import members from an address book (vCard 3.0 or 4.0)",
		long: `vcard imports the people of an address book exported as vCard 3.0 or
4.0 (one .vcf file, many cards): name, emails (the preferred one primary),
organisation, title, time zone, the country of the address, notes,
categories as tags, and ORCID iD, GitHub, GitLab, Bluesky, Mastodon and
LinkedIn accounts from URL and social profile lines. Photos and birthdays
are left out. A card with neither a name nor an email is refused.`})
}

func (e *env) importMailchimpCmd() *cobra.Command {
	return e.importKindCmd(importKind{kind: "mailchimp", file: "FILE", columns: true,
		short: "Import members from a Mailchimp audience export",
		long: `mailchimp imports one CSV file of a Mailchimp audience export
(subscribed_members_export_*.csv, unsubscribed_*, cleaned_*). Subscribers
are recorded as consenting to contact since they confirmed (or opted in);
unsubscribed and cleaned addresses as not to be contacted since they left,
never turning a "no" set by hand into a "yes". TAGS become tags, CC the
country, TIMEZONE the time zone. Merge fields the audience added
("Institution") are mapped from their headers; --mapping 'HEADER=FIELD'
overrides one, and --source NAME saves the mapping.`})
}

func (e *env) importListmonkCmd() *cobra.Command {
	return e.importKindCmd(importKind{kind: "listmonk", file: "FILE", columns: true,
		short: "Import members from a listmonk subscribers export",
		long: `listmonk imports listmonk's subscribers export (uuid, email, name,
attributes, status, created_at, updated_at). Attributes that name a member
field ("institution", "country", "city", "orcid", "tags") fill it, the
rest become custom fields; a blocklisted subscriber is recorded as not to
be contacted. --mapping 'HEADER=FIELD' overrides a column, and --source
NAME saves the mapping.`})
}
