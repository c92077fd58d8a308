package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

func (e *env) tokenCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "token", Short: "Manage personal API tokens"}
	var email, name string
	create := &cobra.Command{
		Use:   "create --email E [--name N]",
		Short: "Create an API token for a team account and print it on its own line",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, ctx, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			u, err := a.Accounts.UserByEmail(ctx, email)
			if err != nil {
				return err
			}
			plaintext, _, err := a.Accounts.CreateToken(ctx, u.ID, name)
			if err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, plaintext)
			return nil
		},
	}
	create.Flags().StringVar(&email, "email", "", "email address of the account the token acts as")
	create.Flags().StringVar(&name, "name", "cli", "a name to recognise the token by")
	_ = create.MarkFlagRequired("email")
	cmd.AddCommand(create)
	return cmd
}
