package demo

import (
	"context"
	"time"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
)

// CommunityName is the demo community's name, stored in the settings.
const CommunityName = "Open Research Software Network"

// DefaultSeed is the seed of the standard demo: the same people, the same
// year of interactions, on every machine and every run.
const DefaultSeed int64 = 1867

// standardMembers is the size of the demo a newcomer clicks through.
const standardMembers = 300

// MaxMembers caps Options.Members: enough for any benchmark, and a typo
// of an extra zero or two does not fill the disk.
const MaxMembers = 1_000_000

// Options choose which community Load generates. The zero value is the
// standard demo.
type Options struct {
	Members int       // 0 = the standard 300-member demo
	Seed    int64     // 0 = DefaultSeed
	Now     time.Time // the load day; zero = a.Now()
	// Interactions is about how many interactions the year holds; 0 =
	// about two a member.
	Interactions int
	// Bulk writes the plan straight into the tables (see loadBulk) rather
	// than through the services step by step: seconds instead of minutes
	// for a benchmark community, with one audit entry for the whole load.
	Bulk bool
	// Goals, Programmes and Content size a bulk load's programming and
	// content (see bulkProgrammes): the goals in all, the demo's seven
	// among them (0 = those seven), and how many programmes and content
	// items to generate over the year (0 = none). Only with Bulk.
	Goals, Programmes, Content int

	// afterStep, when set (by tests), runs after each step of the load,
	// and an error from it fails the load as a failing step would.
	afterStep func(step int) error
}

// MaxInteractions caps Options.Interactions.
const MaxInteractions = 10_000_000

// Caps on Options.Goals, Options.Programmes and Options.Content.
const (
	MaxGoals      = 1_000
	MaxProgrammes = 100_000
	MaxContent    = 1_000_000
)

// Summary counts what Load created.
type Summary struct {
	Community    string
	Members      int
	KeyMembers   int
	Interactions int
	FollowUps    int
}

// AllMembers matches every member, archived ones included: a database is
// empty for the demo only when it counts zero.
var AllMembers = members.Filter{Archived: members.ArchivedInclude}

// Load generates a community (see the package comment) and saves it
// through the domain services, so every record passes the validation a
// person's input would; with Options.Bulk it writes the same records
// straight into the tables (see loadBulk). It also creates the team, the
// demo owner among them (see EnsureLogin), and stores the community name.
// Either way it then analyses the tables it filled.
//
// Load only fills an empty database: when any member exists it returns a
// Conflict error and changes nothing. It is not one transaction, but it
// never leaves half a community behind for good: a failure part way
// (Internal, or the context's error) removes what it stored before
// returning, and a load killed outright is cleaned up and done again by
// the next Load (see Unfinished). While another Load is running on the
// same database, Load returns Conflict. Options.Members outside 0 to
// MaxMembers is Invalid, naming "members"; Options.Interactions outside 0
// to MaxInteractions, naming "interactions"; Options.Goals, Programmes or
// Content out of bounds, or set without Bulk, naming "goals",
// "programmes" or "content".
func Load(ctx context.Context, a *app.App, opt Options) (Summary, error) {
	n := opt.Members
	if n == 0 {
		n = standardMembers
	}
	var fe apperr.FieldErrors
	if n < 0 || n > MaxMembers {
		fe.Add("members", "must be between 1 and %d", MaxMembers)
	}
	if opt.Interactions < 0 || opt.Interactions > MaxInteractions {
		fe.Add("interactions", "must be between 0 and %d", MaxInteractions)
	}
	for _, f := range []struct {
		name     string
		n, limit int
	}{{"goals", opt.Goals, MaxGoals}, {"programmes", opt.Programmes, MaxProgrammes}, {"content", opt.Content, MaxContent}} {
		switch {
		case f.n < 0 || f.n > f.limit:
			fe.Add(f.name, "must be between 0 and %d", f.limit)
		case f.n > 0 && !opt.Bulk:
			fe.Add(f.name, "only a bulk load generates programming and content at scale")
		}
	}
	if err := fe.Err(); err != nil {
		return Summary{}, err
	}
	claimed, err := claim(ctx, a)
	if err != nil {
		return Summary{}, err
	}
	stopBeat := keepAlive(ctx, a, claimed)
	defer stopBeat()
	seed := opt.Seed
	if seed == 0 {
		seed = DefaultSeed
	}
	now := opt.Now
	if now.IsZero() {
		now = a.Now()
	}
	loc := a.Location
	if loc == nil {
		loc = time.UTC
	}

	start := time.Now()
	p := newPlan(seed, newCalendar(now, loc), n, opt.Interactions)
	a.Log.Debug("demo community planned", "members", len(p.people), "key_members", len(p.keys),
		"interactions", len(p.interactions), "followups", len(p.followUps), "took", time.Since(start))
	load := func(ctx context.Context, a *app.App, p *plan) error { return run(ctx, a, p, opt.afterStep) }
	if opt.Bulk {
		load = func(ctx context.Context, a *app.App, p *plan) error { return loadBulk(ctx, a, p, bulkScale{seed, opt}) }
	}
	if err := runClaimed(ctx, a, p, claimed, load); err != nil {
		return Summary{}, err
	}
	if err := analyzeLoaded(ctx, a); err != nil {
		return Summary{}, err
	}
	return Summary{Community: CommunityName, Members: len(p.people), KeyMembers: len(p.keys),
		Interactions: len(p.interactions), FollowUps: len(p.followUps)}, nil
}

// newPlan draws up the whole community from the seed. Each part draws
// from its own random stream.
func newPlan(seed int64, cal calendar, n, interactions int) *plan {
	p := &plan{seed: seed, cal: cal, team: team}
	p.people = makePeople(seed, cal, n)
	p.keys = pickKeys(newRNG(seed, "keys"), p.people)
	p.interactions = keyContacts(newRNG(seed, "key contacts"), cal, p.people, p.keys)
	total := 2 * n // about two a member a year in all
	if interactions > 0 {
		total = interactions
	}
	budget := max(0, total-len(p.interactions))
	p.interactions = append(p.interactions, everyday(newRNG(seed, "everyday"), cal, p.people, budget)...)
	p.sortInteractions()
	planFollowUps(newRNG(seed, "followups"), p)
	return p
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
