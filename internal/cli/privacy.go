package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"
)

func (e *env) privacyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "privacy",
		Short: "Answer a member's requests: everything held about them, or erasure (see docs/privacy.md)",
	}
	cmd.AddCommand(e.privacyExportCmd(), e.privacyEraseCmd())
	return cmd
}

func (e *env) privacyExportCmd() *cobra.Command {
	var id int64
	var out string
	cmd := &cobra.Command{
		Use:   "export --member ID -o FILE",
		Short: "Write everything Trellis holds about one member as JSON, for a request of access",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, ctx, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			start := time.Now()
			acc, err := a.Privacy.Access(ctx, id)
			if err != nil {
				return err
			}
			if err := writeOutput(e.stdout, out, func(w io.Writer) error { return acc.WriteJSON(w) }); err != nil {
				return err
			}
			e.done(out, "the data of member "+fmt.Sprint(id), 0, start)
			return nil
		},
	}
	cmd.Flags().Int64Var(&id, "member", 0, "the member's id")
	cmd.Flags().StringVarP(&out, "output", "o", "", "the file to write, - for standard output")
	_ = cmd.MarkFlagRequired("member")
	_ = cmd.MarkFlagRequired("output")
	return cmd
}

func (e *env) privacyEraseCmd() *cobra.Command {
	var id int64
	var confirm string
	cmd := &cobra.Command{
		Use:   "erase --member ID --confirm NAME",
		Short: "Erase a member for good at their request; NAME must be their name, as a confirmation",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, ctx, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			res, err := a.Privacy.EraseConfirmed(ctx, id, 0, confirm)
			if err != nil {
				return err
			}
			// A server would leave the scrub to its job queue; the command
			// finishes it here, in small transactions, and the queued job
			// then finds nothing left.
			if res.Scrubbed, err = a.Privacy.FinishErasures(ctx); err != nil {
				return fmt.Errorf("member %d is erased, but scrubbing their addresses from other records stopped (the job privacy.finish_erasures will finish it): %w", id, err)
			}
			fmt.Fprintf(e.stdout, "Erased member %d: %d addresses and identities blocked, %d attendance and activity rows kept anonymously, %d other rows scrubbed of their addresses.\n",
				res.MemberID, res.Blocked, res.Anonymised, res.Scrubbed)
			return nil
		},
	}
	cmd.Flags().Int64Var(&id, "member", 0, "the member's id")
	cmd.Flags().StringVar(&confirm, "confirm", "", "the member's name, exactly as Trellis shows it")
	_ = cmd.MarkFlagRequired("member")
	_ = cmd.MarkFlagRequired("confirm")
	return cmd
}
