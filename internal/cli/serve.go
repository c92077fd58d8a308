package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/demo"
	"github.com/trellis-community/trellis/internal/web"
)

func (e *env) serveCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve [--addr HOST:PORT] [--demo]",
		Short: "Serve the web UI and the JSON API",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			a, actx, err := e.open(ctx)
			if err != nil {
				return err
			}
			defer a.Close()
			if e.cfg.Demo {
				if err := e.prepareDemo(actx, a); err != nil {
					return err
				}
			}
			srv, err := web.New(a)
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", e.cfg.Addr)
			if err != nil {
				return fmt.Errorf("listen on %s: %w", e.cfg.Addr, err)
			}
			fmt.Fprintf(e.stdout, "Trellis is running at http://%s (database: %s)\n", displayAddr(ln.Addr()), a.DB.Dialect)
			// Background jobs (the hourly clean-up among them) run until
			// the server stops, and must be put back before the database
			// closes.
			jobsCtx, stopJobs := context.WithCancel(ctx)
			jobsDone := make(chan struct{})
			go func() { a.Jobs.Run(jobsCtx); close(jobsDone) }()
			err = serve(ctx, a.Log, ln, srv.Handler())
			stopJobs()
			<-jobsDone
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&e.cfg.Addr, "addr", e.cfg.Addr, "address to listen on (TRELLIS_ADDR)")
	f.BoolVar(&e.cfg.Demo, "demo", e.cfg.Demo, "load the demo community into an empty database and print its login (TRELLIS_DEMO)")
	f.BoolVar(&e.cfg.InsecureCookies, "insecure-cookies", e.cfg.InsecureCookies, "send session cookies over plain HTTP, for a private network without TLS (TRELLIS_INSECURE_COOKIES)")
	f.StringVar(&e.cfg.TrustedProxies, "trusted-proxies", e.cfg.TrustedProxies, "comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed (TRELLIS_TRUSTED_PROXIES)")
	f.DurationVar(&e.cfg.SessionTTL, "session-ttl", e.cfg.SessionTTL, "how long a login lasts without use (TRELLIS_SESSION_TTL)")
	return cmd
}

// prepareDemo loads the demo community when the database has no members
// yet, or finishes a load that was interrupted, and makes sure the demo
// login works.
func (e *env) prepareDemo(ctx context.Context, a *app.App) error {
	n, err := a.Members.Count(ctx, demo.AllMembers)
	if err != nil {
		return err
	}
	unfinished, err := demo.Unfinished(ctx, a)
	if err != nil {
		return err
	}
	if n == 0 || unfinished {
		start := time.Now()
		sum, err := demo.Load(ctx, a, demo.Options{})
		if err != nil {
			return fmt.Errorf("load demo community: %w", err)
		}
		fmt.Fprintf(e.stdout, "Loaded the demo community %q: %d members, %d key members, %d interactions, %d follow-ups (%s).\n",
			sum.Community, sum.Members, sum.KeyMembers, sum.Interactions, sum.FollowUps, time.Since(start).Round(time.Millisecond))
	}
	email, password, err := demo.EnsureLogin(ctx, a)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Demo login: %s / %s\n", email, password)
	return nil
}

func displayAddr(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if ok && tcp.IP.IsUnspecified() {
		return fmt.Sprintf("localhost:%d", tcp.Port)
	}
	return addr.String()
}

// serve runs the HTTP server until ctx ends, then drains requests in flight.
func serve(ctx context.Context, log *slog.Logger, ln net.Listener, h http.Handler) error {
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
