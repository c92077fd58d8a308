package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/trellis-community/trellis/internal/demo"
)

func (e *env) demoCmd() *cobra.Command {
	var opt demo.Options
	cmd := &cobra.Command{
		Use:   "demo [--members N] [--interactions M] [--seed S] [--bulk [--goals G] [--programmes P] [--content C] [--activities A]]",
		Short: "Load the demo community (the same data on every run) into an empty database, or finish an interrupted load",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// Ctrl-C stops the load cleanly: Load removes what it stored,
			// so the next run starts afresh. A second Ctrl-C kills at once
			// (the next run then cleans up instead).
			sigCtx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			context.AfterFunc(sigCtx, stop)
			a, ctx, err := e.open(sigCtx)
			if err != nil {
				return err
			}
			defer a.Close()
			start := time.Now()
			sum, err := demo.Load(ctx, a, opt)
			if err != nil && sigCtx.Err() != nil {
				return errors.New("stopped: nothing of the demo community was kept; run `trellis demo` again to load it")
			}
			if err != nil {
				return err
			}
			email, password, err := demo.EnsureLogin(ctx, a)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Loaded %q: %d members, %d key members, %d interactions, %d follow-ups in %s.\nDemo login: %s / %s\n",
				sum.Community, sum.Members, sum.KeyMembers, sum.Interactions, sum.FollowUps,
				time.Since(start).Round(time.Millisecond), email, password)
			if sum.Activities > 0 {
				fmt.Fprintf(e.stdout, "With %d activities over two years.\n", sum.Activities)
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&opt.Members, "members", 0, "how many members to generate (default: the 300-member demo community)")
	cmd.Flags().Int64Var(&opt.Seed, "seed", 0, "seed for the generator (default: the fixed demo seed)")
	cmd.Flags().IntVar(&opt.Interactions, "interactions", 0, "about how many interactions the year holds (default: about two a member)")
	cmd.Flags().BoolVar(&opt.Bulk, "bulk", false, "write the community straight into the tables, in seconds, with one audit entry for the load (for benchmarks)")
	cmd.Flags().IntVar(&opt.Goals, "goals", 0, "with --bulk: shared goals in all, the demo's seven among them")
	cmd.Flags().IntVar(&opt.Programmes, "programmes", 0, "with --bulk: programmes to generate over the year, with their sessions and series")
	cmd.Flags().IntVar(&opt.Content, "content", 0, "with --bulk: content items to generate over the year, with their figures")
	cmd.Flags().IntVar(&opt.Activities, "activities", 0, "with --bulk: activities to generate over the two years, across sources and modes (the standard demo has its own)")
	return cmd
}
