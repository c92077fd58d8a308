package cli

import (
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/trellis-community/trellis/internal/imports"
)

// importKindCmd is `trellis import KIND FILE` for a kind of file whose
// columns, if any, its tool names: an address book, a mailing-list
// export. columns says whether --mapping and --source apply.
func (e *env) importKindCmd(kind, short, long string, columns bool) *cobra.Command {
	var mapping []string
	var source string
	var dryRun bool
	use := kind + " [--db DSN] [--dry-run] FILE"
	if columns {
		use = kind + " [--db DSN] [--mapping 'HEADER=FIELD' ...] [--source NAME] [--dry-run] FILE"
	}
	cmd := &cobra.Command{
		Use:   use,
		Short: short,
		Long: long + `

People already in the community are matched by email, then ORCID iD;
values a manager edited by hand are kept and reported as conflicts.
--dry-run reports what the import would do and keeps nothing. It prints
the counts and every refused record as FILE:LINE: reason. A file that
cannot be read is refused whole, naming the line: nothing is kept and the
command exits 1.`,
		Args: cobra.ExactArgs(1),
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
				saved, err := a.Imports.Mapping(ctx, kind, source)
				if err != nil {
					return err
				}
				if saved == nil {
					saved = imports.Mapping{}
				}
				for k, v := range m {
					saved[k] = v
				}
				m = saved
			}
			o := imports.Options{DryRun: dryRun, Mapping: m, Source: source, Size: info.Size()}
			bar := newProgressBar(e.stderr)
			o.OnProgress = bar.show
			run, err := a.Imports.Import(ctx, kind, filepath.Base(args[0]), f, o)
			bar.done()
			if err != nil {
				return err
			}
			e.printRun(ctx, a.Imports, run)
			return nil
		},
	}
	if columns {
		cmd.Flags().StringArrayVar(&mapping, "mapping", nil, "map a column: 'HEADER=FIELD' (repeat for more)")
		cmd.Flags().StringVar(&source, "source", "", "use and save the mapping under this name (the file's source)")
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "report what would be created, updated, merged or refused; keep nothing")
	return cmd
}

func (e *env) importVCardCmd() *cobra.Command {
	return e.importKindCmd("vcard", "Import members from an address book (vCard 3.0 or 4.0)",
		`vcard imports the people of an address book exported as vCard 3.0 or
4.0 (one .vcf file, many cards): name, emails (the preferred one primary),
organisation, title, time zone, the country of the address, notes,
categories as tags, and ORCID iD, GitHub, GitLab, Bluesky, Mastodon and
LinkedIn accounts from URL and social profile lines. Photos and birthdays
are left out. A card with neither a name nor an email is refused.`, false)
}

func (e *env) importMailchimpCmd() *cobra.Command {
	return e.importKindCmd("mailchimp", "Import members from a Mailchimp audience export",
		`mailchimp imports one CSV file of a Mailchimp audience export
(subscribed_members_export_*.csv, unsubscribed_*, cleaned_*). Subscribers
are recorded as consenting to contact since they confirmed (or opted in);
unsubscribed and cleaned addresses as not to be contacted since they left,
never turning a "no" set by hand into a "yes". TAGS become tags, CC the
country, TIMEZONE the time zone. Merge fields the audience added
("Institution") are mapped from their headers; --mapping 'HEADER=FIELD'
overrides one, and --source NAME saves the mapping. Fields: `+fieldNames(), true)
}

func (e *env) importListmonkCmd() *cobra.Command {
	return e.importKindCmd("listmonk", "Import members from a listmonk subscribers export",
		`listmonk imports listmonk's subscribers export (uuid, email, name,
attributes, status, created_at, updated_at). Attributes that name a member
field ("institution", "country", "city", "orcid", "tags") fill it, the
rest become custom fields; a blocklisted subscriber is recorded as not to
be contacted. --mapping 'HEADER=FIELD' overrides a column, and --source
NAME saves the mapping. Fields: `+fieldNames(), true)
}
