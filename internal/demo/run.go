package demo

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/relationships"
)

// batchSize caps the members CreateBatch stores in one transaction, so a
// 100,000-member load never holds SQLite's one writer for long.
const batchSize = 5000

// runner carries out a plan. Every step goes through a domain service
// whose clock is set to the moment the step happens in the plan, so
// records, their timestamps and the audit log tell the year as it went.
type runner struct {
	ctx         context.Context
	a           *app.App
	p           *plan
	users       []int64 // by team index
	memberIDs   []int64 // by person index
	followUpIDs []int64 // by follow-up index
	groups      map[string]int64
	goalIDs     map[string]int64 // the goals' ids by title (see goalLinks)
}

// step is one thing that happens on a day, at a minute past midnight.
// rank orders steps that fall on the same minute: records exist before
// anything refers to them. what names it in errors.
type step struct {
	day, minute, rank int
	what              string
	do                func(at time.Time) error
}

// runClaimed carries out a plan for a load that holds the marker (see
// claim and keepAlive): it removes what was stored if the plan fails part
// way, and on success stores the community name and removes the marker.
func runClaimed(ctx context.Context, a *app.App, p *plan, l loading,
	load func(context.Context, *app.App, *plan) error) error {
	err := load(ctx, a, p)
	if err != nil {
		a.Log.Warn("demo load failed; removing what it stored", slog.Any("err", err))
		if derr := discard(ctx, a, l, "it failed"); derr != nil {
			return errors.Join(err, derr)
		}
		return err
	}
	// The participation figures over time read a roll-up of activities:
	// build it for whatever activities the load wrote.
	if err := a.Participation.RollUpAll(ctx); err != nil {
		return err
	}
	return finish(ctx, a)
}

func run(ctx context.Context, a *app.App, p *plan, afterStep func(int) error) error {
	r := &runner{ctx: ctx, a: a, p: p, memberIDs: make([]int64, len(p.people)),
		followUpIDs: make([]int64, len(p.followUps))}
	if err := r.setUp(p.cal.at(importDay-14, 9*60)); err != nil {
		return err
	}
	steps := r.steps()
	slices.SortStableFunc(steps, func(a, b step) int {
		return cmp.Or(cmp.Compare(a.day, b.day), cmp.Compare(a.minute, b.minute), cmp.Compare(a.rank, b.rank))
	})
	for i, s := range steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := s.do(p.cal.at(s.day, s.minute)); err != nil {
			return fmt.Errorf("demo: %s dated %s: %w", s.what, p.cal.date(s.day), err)
		}
		if afterStep != nil {
			if err := afterStep(i); err != nil {
				return err
			}
		}
		// A generated community of 100,000 takes minutes; say how far along.
		if tenth := len(steps) / 10; len(steps) >= progressSteps && (i+1)%tenth == 0 {
			a.Log.Info("loading the demo community", slog.Int("percent", (i+1)/tenth*10))
		}
	}
	if err := r.loadProgramming(); err != nil {
		return err
	}
	if err := r.loadContent(); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if err := r.loadAttendance(); err != nil {
		return err
	}
	if err := r.loadActivities(); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if err := r.loadAudits(); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return nil
}

// progressSteps is the size of load that logs its progress.
const progressSteps = 50_000

// setUp creates the team and the community's own stakeholder group, two
// weeks before the member list moved in. Accounts that already exist are
// reused: the database may hold users, just no members.
func (r *runner) setUp(at time.Time) error {
	acc := *r.a.Accounts
	acc.Now = func() time.Time { return at }
	ctx := audit.WithActor(r.ctx, audit.Actor{Name: "demo"})
	for i, u := range r.p.team {
		id, err := ensureUser(ctx, &acc, u, i == owner)
		if err != nil {
			return err
		}
		r.users = append(r.users, id)
	}
	rel := r.rel(at)
	if _, err := rel.CreateGroup(r.actor(owner), groupWGLeads); err != nil && !apperr.Is(err, apperr.Conflict) {
		return err
	}
	groups, err := rel.ListGroups(ctx)
	if err != nil {
		return err
	}
	r.groups = map[string]int64{}
	for _, g := range groups {
		r.groups[g.Name] = g.ID
	}
	return r.setGoals(at)
}

// steps lists everything the plan does after set-up.
func (r *runner) steps() []step {
	p := r.p
	var steps []step
	byDay := map[int][]int{}
	var days []int
	for i, ps := range p.people {
		if _, ok := byDay[ps.add]; !ok {
			days = append(days, ps.add)
		}
		byDay[ps.add] = append(byDay[ps.add], i)
		if ps.archive != 0 {
			steps = append(steps, step{ps.archive, 18 * 60, 0, "archiving a member", func(at time.Time) error { return r.archive(at, i) }})
		}
	}
	for _, d := range days {
		steps = append(steps, step{d, 8 * 60, 0, "adding members", func(at time.Time) error { return r.addMembers(at, byDay[d]) }})
	}
	for _, km := range p.keys {
		steps = append(steps, step{km.since, 8*60 + 30, 1, "making a key member", func(at time.Time) error { return r.makeKey(at, km) }})
	}
	for _, sess := range loggingSessions(p.interactions) {
		steps = append(steps, step{sess.day, sess.minute, 2, "logging interactions", func(at time.Time) error { return r.logInteractions(at, sess.interactions) }})
	}
	for i := range p.followUps {
		f := &p.followUps[i]
		if f.interaction < 0 {
			steps = append(steps, step{f.day, f.minute, 3, "adding a follow-up", func(at time.Time) error { return r.createFollowUp(at, i) }})
		}
		if f.snoozed {
			steps = append(steps, step{f.snoozedOn, 10 * 60, 4, "snoozing a follow-up", func(at time.Time) error {
				_, err := r.rel(at).SnoozeFollowUp(r.actor(r.ownerOf(f)), r.followUpIDs[i], p.cal.date(f.snoozeTill))
				return err
			}})
		}
		if f.done {
			steps = append(steps, step{f.doneOn, f.doneMinute, 5, "completing a follow-up", func(at time.Time) error {
				_, err := r.rel(at).CompleteFollowUp(r.actor(r.ownerOf(f)), r.followUpIDs[i])
				return err
			}})
		}
	}
	return steps
}

// addMembers stores the people whose records go in on one day: the whole
// spreadsheet on import day, newcomers on the day they join.
func (r *runner) addMembers(at time.Time, people []int) error {
	ms := *r.a.Members
	ms.Now = func() time.Time { return at }
	ctx := audit.WithActor(r.ctx, audit.Actor{Name: "demo"})
	for chunk := range slices.Chunk(people, batchSize) {
		batch := make([]members.Member, len(chunk))
		for i, pi := range chunk {
			batch[i] = r.p.people[pi].m
		}
		ids, err := ms.CreateBatch(ctx, batch)
		if err != nil {
			return err
		}
		for i, pi := range chunk {
			r.memberIDs[pi] = ids[i]
		}
	}
	return nil
}

func (r *runner) archive(at time.Time, person int) error {
	ms := *r.a.Members
	ms.Now = func() time.Time { return at }
	return ms.Archive(r.actor(owner), r.memberIDs[person])
}

func (r *runner) makeKey(at time.Time, km keyMember) error {
	ids := make([]int64, len(km.groups))
	for i, g := range km.groups {
		ids[i] = r.groups[g]
	}
	_, err := r.rel(at).SetKeyMember(r.actor(owner), r.memberIDs[km.person], km.cadence, ids, km.note)
	return err
}

// session is a team member sitting down at the end of a day to log what
// they did that day: one LogInteractions call, timed at the day's last
// interaction, so every record still carries its own day while a year of
// history takes a few hundred transactions rather than one per contact.
type session struct {
	day, minute  int
	interactions []int // indexes into plan.interactions, in order
}

// loggingSessions groups interactions, which are in the order they
// happened, by day and by who logged them (users[0]).
func loggingSessions(its []interaction) []*session {
	type key struct{ day, user int }
	var out []*session
	open := map[key]*session{}
	for i := range its {
		it := &its[i]
		k := key{it.day, it.users[0]}
		s := open[k]
		if s == nil {
			s = &session{day: it.day}
			open[k] = s
			out = append(out, s)
		}
		s.minute = max(s.minute, it.minute)
		s.interactions = append(s.interactions, i)
	}
	return out
}

// logInteractions logs one session's interactions, with their follow-ups,
// in one batch by whoever logged them.
func (r *runner) logInteractions(at time.Time, which []int) error {
	p := r.p
	ins := make([]relationships.InteractionInput, len(which))
	for k, i := range which {
		ins[k] = r.input(&p.interactions[i])
	}
	rel := r.rel(at)
	ids, err := rel.LogInteractions(r.actor(p.interactions[which[0]].users[0]), ins)
	if err != nil {
		return err
	}
	// Later steps complete or snooze the follow-ups promised here, so
	// note their ids.
	var promised []int64
	var followUps []int
	for k, i := range which {
		if f := p.interactions[i].followUp; f >= 0 {
			promised = append(promised, ids[k])
			followUps = append(followUps, f)
		}
	}
	if len(promised) == 0 {
		return nil
	}
	logged, err := rel.GetInteractions(r.ctx, promised)
	if err != nil {
		return err
	}
	for k, it := range logged {
		if len(it.FollowUps) != 1 {
			return fmt.Errorf("interaction %d has %d follow-ups, want the one promised", it.ID, len(it.FollowUps))
		}
		r.followUpIDs[followUps[k]] = it.FollowUps[0].ID
	}
	return nil
}

// input is what the team records about it.
func (r *runner) input(it *interaction) relationships.InteractionInput {
	p := r.p
	in := relationships.InteractionInput{OccurredOn: p.cal.date(it.day), Channel: it.channel,
		Summary: it.summary, Notes: it.notes, Outcome: it.outcome}
	for _, pi := range it.people {
		in.MemberIDs = append(in.MemberIDs, r.memberIDs[pi])
	}
	for _, u := range it.users {
		in.UserIDs = append(in.UserIDs, r.users[u])
	}
	if it.followUp >= 0 {
		f := &p.followUps[it.followUp]
		in.FollowUp = &relationships.FollowUpInput{What: f.what, DueOn: p.cal.date(f.due),
			OwnerID: r.userID(f.owner), MemberID: r.memberIDs[f.person]}
	}
	return in
}

func (r *runner) createFollowUp(at time.Time, i int) error {
	f := &r.p.followUps[i]
	in := relationships.FollowUpInput{What: f.what, DueOn: r.p.cal.date(f.due), OwnerID: r.userID(f.owner)}
	if f.person >= 0 {
		in.MemberID = r.memberIDs[f.person]
	}
	out, err := r.rel(at).CreateFollowUp(r.actor(owner), in)
	r.followUpIDs[i] = out.ID
	return err
}

// rel is the relationships service with its clock stopped at at.
func (r *runner) rel(at time.Time) *relationships.Service {
	s := *r.a.Relationships
	s.Now = func() time.Time { return at }
	return &s
}

// actor is the context for a change made by team member u.
func (r *runner) actor(u int) context.Context {
	return audit.WithActor(r.ctx, audit.Actor{UserID: r.users[u], Name: r.p.team[u].name})
}

func (r *runner) userID(u int) int64 {
	if u < 0 {
		return 0
	}
	return r.users[u]
}

// ownerOf is who acts on a follow-up: its owner, or the demo owner for
// the team's shared ones.
func (r *runner) ownerOf(f *followUp) int {
	if f.owner < 0 {
		return owner
	}
	return f.owner
}

// ensureUser returns the id of team user u, creating the account when
// there is none. Colleagues get a random password nobody needs: the demo
// is explored as its owner.
func ensureUser(ctx context.Context, acc *accounts.Service, u teamUser, isOwner bool) (int64, error) {
	if isOwner {
		return ensureOwner(ctx, acc)
	}
	existing, err := acc.UserByEmail(ctx, u.email)
	if err == nil {
		return existing.ID, nil
	}
	if !apperr.Is(err, apperr.NotFound) {
		return 0, err
	}
	created, err := acc.CreateUser(ctx, u.email, u.name, u.role, randomPassword())
	return created.ID, err
}
