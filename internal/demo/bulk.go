package demo

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/store"
)

// loadBulk carries out a plan the fast way, for benchmark communities of
// a hundred thousand members and a million interactions: the team and
// the stakeholder groups are set up through the services as run does,
// then every member, key member, interaction and follow-up is written in
// one bulk transaction (COPY on PostgreSQL), each in the state it reaches
// on load day. The records are checked as the services check them, but
// the audit log gets one entry for the load rather than the year's
// history of changes. With sc's Programmes and Content it adds a year of
// programming and content at that scale (see bulkProgrammes), serving
// sc's Goals, in the same transaction. p's interactions and follow-ups
// may still be being drawn (see startPlan): loadBulk reads them only
// once planned is closed, after writing the members.
func loadBulk(ctx context.Context, a *app.App, p *plan, sc bulkScale, planned <-chan struct{}, frozen *bool) error {
	r := &runner{ctx: ctx, a: a, p: p, memberIDs: make([]int64, len(p.people))}
	if err := r.setUp(p.cal.at(importDay-14, 9*60)); err != nil {
		return err
	}
	if err := r.addGoals(sc.Goals); err != nil {
		return err
	}
	// Members go in in the order run adds them, day by day, so that both
	// paths give everyone the same id.
	order := make([]int, len(p.people))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(p.people[i].add, p.people[j].add) })
	ms := make([]members.BulkMember, len(p.people))
	for k, i := range order {
		ps := &p.people[i]
		ms[k] = members.BulkMember{Member: ps.m, CreatedAt: p.cal.at(ps.add, 8*60)}
		if ps.archive != 0 {
			ms[k].ArchivedAt = p.cal.at(ps.archive, 18*60)
		}
	}
	start := time.Now()
	var interactions, followUps int
	err := a.DB.InLoadTx(ctx, func(tx *store.Tx) error {
		// Into an empty database PostgreSQL writes the rows frozen, so
		// that they need no VACUUM after the load (see store.Tx.FreezeLoad).
		var err error
		if *frozen, err = tx.FreezeLoad(ctx, bulkTables()...); err != nil {
			return err
		}
		// Into an empty database the indexes are built once after the
		// load, rather than kept in step row by row (see DeferIndexes).
		// The members' are built as soon as the members are in, while
		// the interactions may still be being drawn: on PostgreSQL the
		// server builds them while Go draws, on two cores at once.
		rebuildMembers, err := tx.DeferIndexes(ctx, members.BulkTables()...)
		if err != nil {
			return err
		}
		rebuild, err := tx.DeferIndexes(ctx, afterMembers()...)
		if err != nil {
			return err
		}
		ids, err := members.WriteBulk(ctx, tx, ms)
		if err != nil {
			return err
		}
		for k, i := range order {
			r.memberIDs[i] = ids[k]
		}
		if err := rebuildMembers(); err != nil {
			return err
		}
		select {
		case <-planned:
		case <-ctx.Done():
			return ctx.Err()
		}
		h := r.history()
		interactions, followUps = len(p.interactions), len(p.followUps)
		// The plan's interactions and follow-ups are in h now, in the
		// form WriteBulk takes: letting go of the plan's own copy lets
		// the collector reuse a few hundred megabytes at 100,000 members
		// while they are written. Load counts them before the load.
		p.interactions, p.followUps = nil, nil
		if err := relationships.WriteBulk(ctx, tx, p.cal.date(0), h); err != nil {
			return err
		}
		if err := r.writeProgrammingBulk(ctx, tx, sc); err != nil {
			return err
		}
		if _, err := r.writeActivitiesBulk(ctx, tx, sc.Activities); err != nil {
			return err
		}
		if err := rebuild(); err != nil {
			return err
		}
		// Once, over the rebuilt interaction_members index.
		if err := relationships.RefreshNextDue(ctx, tx); err != nil {
			return err
		}
		ctx := audit.WithActor(ctx, audit.Actor{UserID: r.users[owner], Name: p.team[owner].name})
		summary := fmt.Sprintf("Loaded a generated community in bulk: %d members, %d interactions, %d follow-ups",
			len(p.people), interactions, followUps)
		if sc.Programmes+sc.Content > 0 {
			summary += fmt.Sprintf(", %d programmes, %d content items", sc.Programmes, sc.Content)
		}
		if sc.Activities > 0 {
			summary += fmt.Sprintf(", %d activities", sc.Activities)
		}
		return audit.Record(ctx, tx, a.Now(), audit.Change{Entity: "member", Action: "create", Summary: summary})
	})
	if err != nil {
		*frozen = false
		if apperr.Is(err, apperr.Invalid) {
			return err
		}
		return apperr.Internalf(err, "Could not load the generated community; nothing was saved.")
	}
	a.Log.Info("bulk-loaded the generated community", "members", len(p.people),
		"interactions", interactions, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// analyzeLoaded refreshes the database's statistics for the tables a load
// filled, whichever path it took: a planner that still thinks them empty
// picks plans that read every row (see store.DB.Analyze). frozen is
// whether the load wrote them frozen (store.Tx.FreezeLoad).
func analyzeLoaded(ctx context.Context, a *app.App, frozen bool) error {
	analyze := a.DB.Analyze
	if frozen {
		analyze = a.DB.AnalyzeFrozen
	}
	if err := analyze(ctx, bulkTables()...); err != nil {
		return apperr.Internalf(err, "Loaded the community, but could not refresh the database's statistics.")
	}
	return nil
}

// bulkTables are the tables a bulk load fills.
func bulkTables() []string {
	return slices.Concat(members.BulkTables(), afterMembers())
}

// afterMembers are the tables a bulk load fills after the members'.
func afterMembers() []string {
	return slices.Concat(relationships.BulkTables(), programming.BulkTables(), content.BulkTables(), []string{"activities"})
}

// bulkScale is how much programming and content a bulk load generates,
// and from which seed.
type bulkScale struct {
	seed int64
	Options
}

// writeProgrammingBulk writes sc's programmes and content items inside
// tx, after the members they name.
func (r *runner) writeProgrammingBulk(ctx context.Context, tx *store.Tx, sc bulkScale) error {
	if sc.Programmes > 0 {
		if err := programming.WriteBulk(ctx, tx, r.bulkProgrammes(newRNG(sc.seed, "bulk programming"), sc.Programmes)); err != nil {
			return err
		}
	}
	if sc.Content > 0 {
		if _, err := content.WriteBulk(ctx, tx, r.p.cal.date(0), r.bulkContent(newRNG(sc.seed, "bulk content"), sc.Content)); err != nil {
			return err
		}
	}
	return nil
}

// history is the plan's relationship work as it stands on load day, for
// relationships.WriteBulk. r.memberIDs must be filled.
func (r *runner) history() relationships.History {
	p := r.p
	var h relationships.History
	for _, km := range p.keys {
		groups := make([]int64, len(km.groups))
		for i, g := range km.groups {
			groups[i] = r.groups[g]
		}
		h.KeyMembers = append(h.KeyMembers, relationships.BulkKeyMember{MemberID: r.memberIDs[km.person],
			CadenceDays: km.cadence, Note: km.note, GroupIDs: groups, Since: p.cal.at(km.since, 8*60+30)})
	}
	// Interactions go in session by session, as run logs them, so that
	// both paths give them the same ids and times. pos maps a plan index
	// to its place in h.Interactions.
	sessions := loggingSessions(p.interactions)
	slices.SortStableFunc(sessions, func(a, b *session) int {
		return cmp.Or(cmp.Compare(a.day, b.day), cmp.Compare(a.minute, b.minute))
	})
	pos, minute := make([]int, len(p.interactions)), make([]int, len(p.interactions))
	h.Interactions = make([]relationships.BulkInteraction, 0, len(p.interactions))
	for _, sess := range sessions {
		for _, i := range sess.interactions {
			it := &p.interactions[i]
			in := r.input(it)
			in.FollowUp = nil
			pos[i], minute[i] = len(h.Interactions), sess.minute
			h.Interactions = append(h.Interactions, relationships.BulkInteraction{InteractionInput: in,
				LoggedBy: r.users[it.users[0]], LoggedAt: p.cal.at(sess.day, sess.minute)})
		}
	}
	// Follow-ups, too, go in in the order run creates them: with their
	// interaction's session, or at their own step after the sessions of
	// the same minute.
	type created struct {
		day, minute, rank, seq int
		f                      int
	}
	var when []created
	for i := range p.followUps {
		f := &p.followUps[i]
		if f.interaction >= 0 {
			j := f.interaction
			when = append(when, created{p.interactions[j].day, minute[j], 2, pos[j], i})
		} else {
			when = append(when, created{f.day, f.minute, 3, i, i})
		}
	}
	slices.SortStableFunc(when, func(a, b created) int {
		return cmp.Or(cmp.Compare(a.day, b.day), cmp.Compare(a.minute, b.minute), cmp.Compare(a.rank, b.rank), cmp.Compare(a.seq, b.seq))
	})
	h.FollowUps = make([]relationships.BulkFollowUp, 0, len(p.followUps))
	for _, w := range when {
		f := &p.followUps[w.f]
		bf := relationships.BulkFollowUp{Interaction: -1, OriginalDueOn: p.cal.date(f.due),
			CreatedBy: r.users[owner], CreatedAt: p.cal.at(f.day, f.minute)}
		bf.What, bf.DueOn, bf.OwnerID = f.what, p.cal.date(f.due), r.userID(f.owner)
		if f.person >= 0 {
			bf.MemberID = r.memberIDs[f.person]
		}
		if f.interaction >= 0 {
			bf.Interaction = pos[f.interaction]
			bf.CreatedBy = h.Interactions[bf.Interaction].LoggedBy
			bf.CreatedAt = h.Interactions[bf.Interaction].LoggedAt
		}
		if f.snoozed {
			bf.DueOn, bf.Snoozes = p.cal.date(f.snoozeTill), 1
			bf.UpdatedAt = p.cal.at(f.snoozedOn, 10*60)
		}
		if f.done {
			bf.DoneAt = p.cal.at(f.doneOn, f.doneMinute)
			bf.UpdatedAt = bf.DoneAt
		}
		h.FollowUps = append(h.FollowUps, bf)
	}
	return h
}
