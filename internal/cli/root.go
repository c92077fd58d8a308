// Package cli is the trellis command: serve the web UI and API, migrate the
// database, manage team accounts and tokens, and load the demo community.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/spf13/cobra"
	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/config"
)

// Run executes the trellis command line and returns the process exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg := config.Default()
	root := newRoot(&cfg, stdin, stdout, stderr)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	if err := root.ExecuteContext(ctx); err != nil {
		fmt.Fprintln(stderr, "trellis:", describe(err))
		return 1
	}
	return 0
}

// describe shows application errors in their own words, with the fields.
func describe(err error) string {
	var e *apperr.Error
	if errors.As(err, &e) && e.Code != apperr.Internal {
		msg := e.Message
		for k, v := range e.Fields {
			if !strings.Contains(msg, v) {
				msg += fmt.Sprintf("\n  %s: %s", k, v)
			}
		}
		return msg
	}
	return err.Error()
}

type env struct {
	cfg    *config.Config
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

func newRoot(cfg *config.Config, stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	e := &env{cfg: cfg, stdin: stdin, stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:           "trellis",
		Short:         "Trellis: a workbench for research community managers",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return config.ApplyEnv(cmd.Flags())
		},
	}
	pf := root.PersistentFlags()
	pf.StringVar(&cfg.DB, "db", cfg.DB, "SQLite file path or postgres:// URL (TRELLIS_DB)")
	pf.StringVar(&cfg.TimeZone, "time-zone", cfg.TimeZone, "the community's time zone, for due dates (TRELLIS_TIME_ZONE)")
	pf.DurationVar(&cfg.QueryTimeout, "query-timeout", cfg.QueryTimeout, "the longest one request or statement may hold the database; 0 for no limit (TRELLIS_QUERY_TIMEOUT)")
	pf.StringVar(&cfg.LogFormat, "log-format", cfg.LogFormat, "log format: text or json (TRELLIS_LOG_FORMAT)")
	pf.StringVar(&cfg.LogLevel, "log-level", cfg.LogLevel, "log level: debug, info, warn, error (TRELLIS_LOG_LEVEL)")
	root.AddCommand(
		e.serveCmd(),
		e.migrateCmd(),
		e.userCmd(),
		e.tokenCmd(),
		e.demoCmd(),
		e.benchCmd(),
		e.versionCmd(),
		e.importCmd(),
	)
	root.AddCommand(e.exportCmd(), e.backupCmd(), e.restoreCmd(), e.privacyCmd())
	return root
}

func (e *env) logger() *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(e.cfg.LogLevel)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if e.cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(e.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(e.stderr, opts))
}

// open starts the app for a command; changes made through it are recorded
// in the audit log as made by "cli".
func (e *env) open(ctx context.Context) (*app.App, context.Context, error) {
	a, err := app.Open(ctx, *e.cfg, e.logger(), nil)
	if err != nil {
		return nil, ctx, err
	}
	return a, audit.WithActor(ctx, audit.Actor{Name: "cli"}), nil
}

func (e *env) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintln(e.stdout, "trellis", app.Version)
			return nil
		},
	}
}
