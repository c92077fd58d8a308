// Package app wires Trellis together: it opens the database, runs the
// migrations and builds each capability's service with the one clock and
// time zone they share. The web server, the API and the CLI all start here.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/calendar"
	"github.com/trellis-community/trellis/internal/config"
	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/contentaudit"
	"github.com/trellis-community/trellis/internal/export"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/jobs"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/privacy"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/store"
)

// Version is set at build time with -ldflags "-X ...app.Version=v1.2.3".
var Version = "dev"

// App holds the services of one running Trellis.
type App struct {
	Config        config.Config
	DB            *store.DB
	Location      *time.Location
	Log           *slog.Logger
	Now           func() time.Time
	Accounts      *accounts.Service
	Members       *members.Service
	Relationships *relationships.Service
	// Goals are the community's shared goals; capabilities that serve
	// them add their goals.Source to Goals.Sources here.
	Goals *goals.Service
	// Programming keeps programmes and sessions; its CalendarEvents and
	// GoalContributions feed the calendar and goals.
	Programming *programming.Service
	// Content is the content plan: items, metrics, pillars and campaigns.
	Content       *content.Service
	Participation *participation.Service
	// ContentAudit is the content and programming audit and its saved
	// snapshots.
	ContentAudit *contentaudit.Service
	// Jobs is the background job queue; `trellis serve` runs its workers.
	Jobs *jobs.Queue
	// Calendar lists the sessions the iCalendar feeds publish; programming
	// provides it. Nil gives an empty community calendar.
	Calendar calendar.Source
	// Imports bring members in from files, logged and undoable.
	Imports *imports.Service
	// Exports makes long exports as jobs, kept in the database a day.
	Exports *export.Service
	// Privacy answers a member's requests for access and erasure; other
	// capabilities register their erasers and access sections with it.
	Privacy *privacy.Service
}

// Open connects to the configured database, brings its schema up to date
// and returns the wired services. now may be nil (the real clock).
func Open(ctx context.Context, cfg config.Config, log *slog.Logger, now func() time.Time) (*App, error) {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.Default()
	}
	loc, err := cfg.Location()
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, cfg.DB, store.Options{StatementTimeout: cfg.QueryTimeout})
	if err != nil {
		return nil, err
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	for _, m := range applied {
		log.Info("applied migration", slog.Int("version", m.Version), slog.String("name", m.Name))
	}
	a := New(cfg, db, loc, log, now)
	n, err := a.Members.BackfillNameKeys(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if n > 0 {
		log.Info("filled name keys for duplicate checks", slog.Int("members", n))
	}
	// Attendance recorded before it became activities gets them, once.
	if n, err = a.Programming.BackfillActivities(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if n > 0 {
		log.Info("gave recorded attendance its activities", slog.Int("entries", n))
	}
	// The participation roll-up counts months in the community's zone:
	// built on first start, and again when the zone changed, by a job, so
	// start-up does not wait minutes for it (the pages say it is coming).
	if queued, err := queueStaleRollUp(ctx, a); err != nil {
		db.Close()
		return nil, err
	} else if queued {
		log.Info("queued a rebuild of the participation figures", slog.String("time_zone", loc.String()))
	}
	return a, nil
}

// New wires services around an open, migrated database.
func New(cfg config.Config, db *store.DB, loc *time.Location, log *slog.Logger, now func() time.Time) *App {
	if log == nil {
		// Tests and tools that want no logs pass nil; jobs still log.
		log = slog.New(slog.DiscardHandler)
	}
	rel := &relationships.Service{DB: db, Now: now, Location: loc}
	prog := &programming.Service{DB: db, Now: now, Location: loc}
	cnt := &content.Service{DB: db, Now: now, Location: loc}
	part := &participation.Service{DB: db, Now: now}
	// The figures over time count months in the community's zone, and
	// read member-hosted sessions from programming.
	part.Location, part.HostedSessions = loc, prog.HostedSessions
	a := &App{
		Config:   cfg,
		DB:       db,
		Location: loc,
		Log:      log,
		Now:      now,
		Accounts: &accounts.Service{DB: db, Now: now, SessionTTL: cfg.SessionTTL},
		Members: &members.Service{DB: db, Now: now,
			MergeHooks:   []members.MergeHook{rel.MergeMembers, prog.MergeMembers, cnt.MergeMembers, part.MergeMembers},
			UnmergeHooks: []members.MergeHook{rel.UnmergeMembers},
			MergeTables:  slices.Concat(relationships.MemberTables, programming.MemberTables, content.MemberTables, []members.MemberTable{activityTable, standingTable}, imports.MemberTables)},
		Relationships: rel,
		// What serves a goal is asked of each capability that links to goals.
		Goals: &goals.Service{DB: db, Now: now, Location: loc,
			Sources: []goals.Source{prog.GoalContributions, cnt.GoalContributions}},
		Programming:   prog,
		Calendar:      prog.CalendarEvents,
		Content:       cnt,
		Participation: part,
		Jobs:          jobs.New(db, now, log, jobs.Options{}),
	}
	// A programme's reach in the audit is its attendance.
	a.ContentAudit = &contentaudit.Service{DB: db, Members: a.Members, Programming: prog, Content: cnt,
		Location: loc, Now: now, SegmentTTL: 3 * auditCountsEvery, AttendanceByProgramme: prog.AttendanceByProgramme}
	// A pillar's campaign plans and lists sessions through programming.
	cnt.Sessions, cnt.PlanSessions, cnt.SessionKinds = prog.CampaignSessions, prog.PlanCampaignSessions, programming.CampaignKinds()
	// Attendance and hosting are activities, written with the attendance.
	prog.Activities = attendanceActivities(part)
	// Erased people stay out: creates and imports ask the block list.
	a.Privacy = &privacy.Service{DB: db, Members: a.Members, Now: now}
	a.Members.Blocked = a.Privacy.Blocked
	registerJobs(a)
	wireParticipation(a)
	wireRollUp(a)
	a.Imports = newImports(a)
	// The imports' review queue follows every merge and "not the same
	// person", wherever it is decided.
	a.Members.MergeHooks = append(a.Members.MergeHooks, a.Imports.ReviewMerged)
	a.Members.UnmergeHooks = append(a.Members.UnmergeHooks, a.Imports.ReviewUnmerged)
	a.Members.DistinctHooks = append(a.Members.DistinctHooks, a.Imports.ReviewDecided)
	registerImportJobs(a)
	a.Exports = newExports(a)
	return a
}

// attendanceActivities is participation's side of programming.ActivitySink:
// programming keeps its attendance's activities through it without
// importing participation.
func attendanceActivities(part *participation.Service) programming.ActivitySink {
	return func(ctx context.Context, tx *store.Tx, gone []string, put []programming.ActivityFact) error {
		owned := make([]participation.Owned, len(put))
		for i, f := range put {
			owned[i] = participation.Owned{MemberID: f.MemberID, Kind: f.Kind, OccurredAt: f.OccurredAt, Title: f.Title,
				URL: f.URL, ExternalID: f.ExternalID}
		}
		return part.PutOwned(ctx, tx, participation.SourceProgramming, gone, owned)
	}
}

// activityTable registers participation's activities for member merges
// (participation does not import members, which may one day speak its
// vocabulary): a merge moves them to the kept member and its undo brings
// them back; the kept member may log new ones in between.
var activityTable = members.MemberTable{Name: "activities", MemberColumns: []string{"member_id"}, Key: []string{"id"}, Grows: true}

// standingTable registers each member's derived participation standing for
// member merges: a merge re-derives the kept member's and removes the
// other's, and its undo puts both rows back as they were; the kept
// member's row changes with every new activity, so it grows like them.
var standingTable = members.MemberTable{Name: "member_standing", MemberColumns: []string{"member_id"}, Key: []string{"member_id"}, Grows: true}

// Close releases the database.
func (a *App) Close() error { return a.DB.Close() }
