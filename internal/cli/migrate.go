package cli

import (
	"fmt"

	"github.com/spf13/cobra"
	"github.com/trellis-community/trellis/internal/store"
)

func (e *env) migrateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "migrate",
		Short: "Bring the database schema up to date",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			db, err := store.Open(ctx, e.cfg.DB, store.Options{})
			if err != nil {
				return err
			}
			defer db.Close()
			applied, err := db.Migrate(ctx)
			if err != nil {
				return err
			}
			for _, m := range applied {
				fmt.Fprintf(e.stdout, "applied %04d_%s\n", m.Version, m.Name)
			}
			v, err := db.SchemaVersion(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "schema is at version %d (%s)\n", v, db.Dialect)
			return nil
		},
	}
}
