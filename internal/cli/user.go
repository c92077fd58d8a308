package cli

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/trellis-community/trellis/internal/accounts"
	"golang.org/x/term"
)

func (e *env) userCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "user", Short: "Manage team accounts (add, passwd, list)"}
	cmd.AddCommand(e.userAddCmd(), e.userPasswdCmd(), e.userListCmd())
	return cmd
}

func (e *env) userAddCmd() *cobra.Command {
	var email, name, role string
	cmd := &cobra.Command{
		Use:   "add --email E --name N --role owner|manager|viewer",
		Short: "Add a team account; the password is read from standard input",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			r, err := accounts.ParseRole(role)
			if err != nil {
				return err
			}
			password, err := e.readPassword()
			if err != nil {
				return err
			}
			a, ctx, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			u, err := a.Accounts.CreateUser(ctx, email, name, r, password)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "added %s <%s> as %s\n", u.Name, u.Email, u.Role)
			return nil
		},
	}
	cmd.Flags().StringVar(&email, "email", "", "email address (used to log in)")
	cmd.Flags().StringVar(&name, "name", "", "full name")
	cmd.Flags().StringVar(&role, "role", "manager", "owner, manager or viewer")
	_ = cmd.MarkFlagRequired("email")
	_ = cmd.MarkFlagRequired("name")
	return cmd
}

func (e *env) userPasswdCmd() *cobra.Command {
	var email string
	var revokeTokens bool
	cmd := &cobra.Command{
		Use:   "passwd --email E [--revoke-tokens]",
		Short: "Set a team account's password, read from standard input; signs the account out everywhere",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			password, err := e.readPassword()
			if err != nil {
				return err
			}
			a, ctx, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			u, err := a.Accounts.UserByEmail(ctx, email)
			if err != nil {
				return err
			}
			revoked, err := a.Accounts.ChangePassword(ctx, u.ID, password, accounts.PasswordChange{RevokeTokens: revokeTokens})
			if err != nil {
				return err
			}
			tokens := "tokens kept"
			switch {
			case revokeTokens && revoked == 1:
				tokens = "1 token revoked"
			case revokeTokens:
				tokens = fmt.Sprintf("%d tokens revoked", revoked)
			}
			fmt.Fprintf(e.stdout, "password changed for %s (signed out everywhere; %s)\n", u.Email, tokens)
			return nil
		},
	}
	cmd.Flags().StringVar(&email, "email", "", "email address of the account")
	cmd.Flags().BoolVar(&revokeTokens, "revoke-tokens", false, "also revoke the account's API tokens and calendar subscription URLs, for when they may be known to someone else too")
	_ = cmd.MarkFlagRequired("email")
	return cmd
}

func (e *env) userListCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List team accounts",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, ctx, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			users, err := a.Accounts.ListUsers(ctx)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "EMAIL\tNAME\tROLE\tSTATUS")
			for _, u := range users {
				status := "active"
				if u.DisabledAt != nil {
					status = "disabled"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Email, u.Name, u.Role, status)
			}
			return tw.Flush()
		},
	}
}

// readPassword takes the password from standard input: the first line when
// piped (for scripts), or typed without echo at a terminal.
func (e *env) readPassword() (string, error) {
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(e.stderr, "Password: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", err
		}
		return string(b), nil
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("no password on standard input: pipe it in, e.g. `echo 'a long password' | trellis user add ...`")
	}
	return strings.TrimRight(line, "\r\n"), nil
}
