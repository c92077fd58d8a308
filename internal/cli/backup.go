package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/backup"
	"github.com/trellis-community/trellis/internal/store"
)

func (e *env) backupCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "Copy the database to FILE while Trellis serves: a SQLite file, or an archive of PostgreSQL",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, err := store.Open(ctx, e.cfg.DB, store.Options{})
			if err != nil {
				return err
			}
			defer db.Close()
			start := time.Now()
			kind, st, err := backup.Backup(ctx, db, args[0], app.Version, time.Now())
			if err != nil {
				return err
			}
			what := "a SQLite database file"
			if kind == backup.KindArchive {
				what = fmt.Sprintf("an archive of %d rows", st.Rows)
			}
			fmt.Fprintf(e.stdout, "Backed up to %s: %s, %s, in %s.\n", args[0], what, bytesWords(st.Bytes), time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
}

func (e *env) restoreCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "restore FILE",
		Short: "Load a backup or archive into an empty database, of either engine",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, err := store.Open(ctx, e.cfg.DB, store.Options{})
			if err != nil {
				return err
			}
			defer db.Close()
			if _, err := db.Migrate(ctx); err != nil {
				return err
			}
			start := time.Now()
			kind, st, err := backup.RestoreFile(ctx, db, args[0], app.Version)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Restored %d rows of %d tables from %s (%s) into %s in %s.\n",
				st.Rows, st.Tables, args[0], kind, db.Dialect, time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
}
