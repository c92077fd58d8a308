package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"

	"github.com/spf13/cobra"
	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/bench"
	"github.com/trellis-community/trellis/internal/demo"
	"github.com/trellis-community/trellis/internal/web"
)

type benchOptions struct {
	members, interactions int
	goals, programmes     int
	content               int
	clients               int
	duration              time.Duration
	inProcess             bool
	cpuProfile            string
	routes                string // comma-separated parts of route names to drive; "" for all
	activities            int    // activities to ingest before reading, in batches of activityBatch
	activityBatch         int    // activities in one ingested batch
	rederive              bool   // time re-deriving everyone's participation standing before reading
	zoom, slack, github   int    // rows, messages and items of generated platform files to import (twice) before reading
}

func (e *env) benchCmd() *cobra.Command {
	opt := benchOptions{members: 100_000, interactions: 1_000_000, goals: 50, programmes: 300, content: 10_000, clients: 4, duration: 5 * time.Second}
	opt.activityBatch = activityBatch
	cmd := &cobra.Command{
		Use:   "bench [--db DSN] [--members N] [--interactions M] [--goals G] [--programmes P] [--content C] [--clients C] [--duration D]",
		Short: "Measure how fast the server answers the pages people read most, on a large community",
		Long: `bench fills an empty database with a generated community (--members,
--interactions, and a year of programming and content serving --goals:
--programmes, --content; a temporary SQLite file unless --db names one), starts the
server on a loopback port, and has --clients clients read the member list
page by page, search it for given names, filter it on affiliation, job title
and career stage, open the dashboard and profiles, the programming calendar
(month, agenda, iCalendar feed, a month of sessions) and the content calendar,
board and list. Each route is driven
alone by all the clients for --duration, one route after another, so that a
route's req/s is what the server does for it rather than a share of a mix
paced by the slowest route. It prints requests, req/s, median and
99th-percentile times per route, and the server's peak memory (overall,
and during each route). --routes drives only the routes whose names hold
one of its comma-separated words ("feed,audit"). A database that already holds members is benchmarked
as it is. A request that fails makes the command fail.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := opt.check(); err != nil {
				return err
			}
			if !cmd.Flags().Changed("db") && os.Getenv("TRELLIS_DB") == "" {
				dir, err := os.MkdirTemp("", "trellis-bench-")
				if err != nil {
					return err
				}
				defer os.RemoveAll(dir)
				e.cfg.DB = filepath.Join(dir, "bench.db")
			}
			return e.bench(cmd.Context(), opt)
		},
	}
	cmd.AddCommand(e.benchImportCmd())
	f := cmd.Flags()
	f.IntVar(&opt.members, "members", opt.members, "members to generate into an empty database")
	f.IntVar(&opt.interactions, "interactions", opt.interactions, "interactions to generate into an empty database")
	f.IntVar(&opt.goals, "goals", opt.goals, "shared goals the generated programming and content serve")
	f.IntVar(&opt.programmes, "programmes", opt.programmes, "programmes to generate over the year, with their sessions and series")
	f.IntVar(&opt.content, "content", opt.content, "content items to generate over the year")
	f.IntVar(&opt.clients, "clients", opt.clients, "concurrent clients, each waiting for its answer before asking again")
	f.DurationVar(&opt.duration, "duration", opt.duration, "how long the clients read each route (the run takes this times the number of routes)")
	f.BoolVar(&opt.inProcess, "in-process", false, "serve from this process rather than a child (the peak memory then includes generating the community)")
	f.IntVar(&opt.activities, "activities", 0, "also time ingesting this many activities (JSON Lines, batches of 100,000, as POST /api/v1/activities takes them) before reading")
	f.IntVar(&opt.activityBatch, "activity-batch", opt.activityBatch, "activities in one ingested batch (one streamed body; --activities 1000000 --activity-batch 1000000 sends a million in one)")
	f.BoolVar(&opt.rederive, "rederive", false, "also time re-deriving every member's participation standing, and 1,000 new activities' members, before reading")
	f.IntVar(&opt.zoom, "zoom", 0, "also time importing a generated Zoom participant report of this many rows for a session, twice (the second must change nothing)")
	f.IntVar(&opt.slack, "slack", 0, "also time importing a generated Slack workspace export with this many messages, twice")
	f.IntVar(&opt.github, "github", 0, "also time importing generated GitHub activity JSON with this many items (issues, pull requests, comments), twice")
	f.StringVar(&opt.routes, "routes", "", `drive only the routes whose names contain one of these comma-separated words, case aside ("members", "feed,audit")`)
	f.StringVar(&opt.cpuProfile, "cpuprofile", "", "with --in-process, write a CPU profile of the reading phase (server and clients) to this file, for go tool pprof")
	return cmd
}

// check refuses flags no benchmark can run with, before anything is
// generated.
func (o benchOptions) check() error {
	var fe apperr.FieldErrors
	if o.members < 1 || o.members > demo.MaxMembers {
		fe.Add("members", "must be between 1 and %d", demo.MaxMembers)
	}
	if o.interactions < 0 || o.interactions > demo.MaxInteractions {
		fe.Add("interactions", "must be between 0 and %d", demo.MaxInteractions)
	}
	for _, f := range []struct {
		name     string
		n, limit int
	}{{"goals", o.goals, demo.MaxGoals}, {"programmes", o.programmes, demo.MaxProgrammes}, {"content", o.content, demo.MaxContent}} {
		if f.n < 0 || f.n > f.limit {
			fe.Add(f.name, "must be between 0 and %d", f.limit)
		}
	}
	if o.clients < 1 || o.clients > 1000 {
		fe.Add("clients", "must be between 1 and 1000")
	}
	if o.duration <= 0 {
		fe.Add("duration", "must be positive, such as 20s")
	}
	if o.activities < 0 || o.activities > 100_000_000 {
		fe.Add("activities", "must be between 0 and 100000000")
	}
	if o.activityBatch < 1 || o.activityBatch > 100_000_000 {
		fe.Add("activity-batch", "must be between 1 and 100000000")
	}
	for _, f := range []struct {
		name string
		n    int
	}{{"zoom", o.zoom}, {"slack", o.slack}, {"github", o.github}} {
		if f.n < 0 || f.n > 10_000_000 {
			fe.Add(f.name, "must be between 0 and 10000000")
		}
	}
	if _, err := bench.SelectRoutes(bench.Routes, o.routes); err != nil {
		fe.Add("routes", "%s", err.Error())
	}
	if o.cpuProfile != "" && !o.inProcess {
		fe.Add("cpuprofile", "needs --in-process: the profile is of this process")
	}
	return fe.Err()
}

func (e *env) bench(ctx context.Context, opt benchOptions) error {
	a, actx, err := e.open(ctx)
	if err != nil {
		return err
	}
	closed := false
	defer func() {
		if !closed {
			a.Close()
		}
	}()
	existing, err := a.Members.Count(actx, demo.AllMembers)
	if err != nil {
		return err
	}
	if existing == 0 {
		start := time.Now()
		sum, err := demo.Load(actx, a, demo.Options{Members: opt.members, Interactions: opt.interactions, Bulk: true,
			Goals: opt.goals, Programmes: opt.programmes, Content: opt.content})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Generated %d members, %d interactions, %d follow-ups, %d programmes and %d content items in %s (%s).\n",
			sum.Members, sum.Interactions, sum.FollowUps, opt.programmes, opt.content, time.Since(start).Round(time.Millisecond), a.DB.Dialect)
	} else {
		fmt.Fprintf(e.stdout, "Benchmarking the %d members already in the %s database.\n", existing, a.DB.Dialect)
	}
	if opt.activities > 0 {
		if err := e.benchIngest(actx, a, opt.activities, opt.activityBatch); err != nil {
			return err
		}
	}
	if opt.rederive {
		if err := e.benchRederive(actx, a); err != nil {
			return err
		}
	}
	// After the re-derivation, whose figures are then those of the
	// generated community alone.
	if err := e.benchPlatforms(actx, a, opt.zoom, opt.slack, opt.github); err != nil {
		return err
	}
	email, _, err := demo.EnsureLogin(actx, a)
	if err != nil {
		return err
	}
	u, err := a.Accounts.UserByEmail(actx, email)
	if err != nil {
		return err
	}
	token, tok, err := a.Accounts.CreateToken(actx, u.ID, "bench")
	if err != nil {
		return err
	}
	// Pages take a browser session rather than a token.
	session, _, err := a.Accounts.CreateSession(actx, u.ID, "trellis bench", "127.0.0.1")
	if err != nil {
		return err
	}
	// The token and the session are the benchmark's own: they go when the
	// run ends.
	defer func() {
		if b, _, err := e.open(context.WithoutCancel(ctx)); err == nil {
			_ = b.Accounts.RevokeToken(context.WithoutCancel(ctx), u.ID, tok.ID)
			_ = b.Accounts.DeleteSession(context.WithoutCancel(ctx), session)
			b.Close()
		}
	}()

	routes, err := bench.SelectRoutes(bench.Routes, opt.routes)
	if err != nil {
		return err
	}
	var url string
	var peak func() (int64, error)
	var memory bench.Memory
	if opt.inProcess {
		stop, u, err := serveInProcess(ctx, a)
		if err != nil {
			return err
		}
		defer stop()
		url, peak, memory = u, func() (int64, error) { return bench.PeakRSS(0) }, bench.Self{}
	} else {
		a.Close()
		closed = true
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		child, err := bench.StartChild(ctx, exe, e.cfg.DB, e.stderr, "--time-zone", e.cfg.TimeZone)
		if err != nil {
			return err
		}
		defer child.Stop()
		url, peak, memory = child.URL, child.PeakRSS, child
	}

	fmt.Fprintf(e.stdout, "%d clients for %s on each of %d routes against %s ...\n", opt.clients, opt.duration, len(routes), url)
	if opt.cpuProfile != "" {
		f, err := os.Create(opt.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	res, err := bench.Run(ctx, bench.Config{BaseURL: url, Token: token, Session: session, Clients: opt.clients, Duration: opt.duration,
		Routes: routes, Memory: memory})
	if err != nil {
		return err
	}
	if err := res.Print(e.stdout); err != nil {
		return err
	}
	rss, err := peak()
	if err == nil {
		// The routes' phases reset the peak each: the run's is the
		// largest of theirs and what was before.
		rss = max(rss, res.PeakRSS)
		fmt.Fprintf(e.stdout, "server peak RSS: %d MB\n", rss>>20)
	} else {
		fmt.Fprintf(e.stdout, "server peak RSS: unknown (%v)\n", err)
	}
	if res.Errors > 0 {
		return fmt.Errorf("%d of %d requests failed; the first: %s", res.Errors, res.Requests+res.Errors, res.FirstError)
	}
	return nil
}

// serveInProcess serves a's web handler on a loopback port until stop.
func serveInProcess(ctx context.Context, a *app.App) (stop func(), url string, err error) {
	srv, err := web.New(a)
	if err != nil {
		return nil, "", err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- serve(ctx, a.Log, ln, srv.Handler()) }()
	return func() {
		cancel()
		if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
			a.Log.Warn("bench server", "err", err)
		}
	}, "http://" + ln.Addr().String(), nil
}
