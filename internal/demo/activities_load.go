package demo

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/participation"
)

// activitiesPerMember is about how many activities the standard demo
// gives each member over two years, besides attendance at sessions.
const activitiesPerMember = 12

// planActivities draws the community's two years of activities, in the
// order they happened.
func (p *plan) planActivities(total int, bulk bool) []genActivity {
	arcs := p.activityArcs()
	counts := activityCounts(arcs, total)
	g := newActivityGen(newRNG(p.seed, "activities"), bulk)
	var out []genActivity
	for i := range p.people {
		g.member(i, &p.people[i], arcs[i], counts[i], func(a *genActivity) { out = append(out, *a) })
	}
	slices.SortStableFunc(out, func(a, b genActivity) int {
		return cmp.Or(cmp.Compare(a.day, b.day), cmp.Compare(a.minute, b.minute))
	})
	return out
}

// activityArcs is each person's arc, drawn once from its own stream:
// attendance follows them too (see loadAttendance).
func (p *plan) activityArcs() []arc {
	if p.arcs == nil {
		rg := newRNG(p.seed, "activity arcs")
		p.arcs = make([]arc, len(p.people))
		for i := range p.people {
			p.arcs[i] = drawArc(rg, &p.people[i])
		}
	}
	return p.arcs
}

// activeOn reports whether person i takes part on day by their arc:
// newcomers who did one thing and nothing since do not come to sessions
// either.
func (p *plan) activeOn(i, day int) bool {
	a := p.activityArcs()[i]
	return !a.once && a.from <= day && day <= a.to
}

// activityBatch is activities that go in together: the old spreadsheet
// on import day, or a platform's (or the team's own) quarter.
type activityBatch struct {
	at     time.Time
	source string
	acts   []genActivity
}

// loadActivities records the plan's activities through participation as
// they would have arrived: the spreadsheet's in one import, each
// platform's quarter by quarter as a script sends them, and the rest
// typed in by the team each quarter (a few dozen transactions in all, so
// serve --demo stays quick).
func (r *runner) loadActivities() error {
	p := r.p
	acts := p.planActivities(activitiesPerMember*len(p.people), false)
	var batches []*activityBatch
	byKey := map[string]*activityBatch{}
	for _, act := range acts {
		switch act.source {
		case "import":
			b := byKey["import"]
			if b == nil {
				b = &activityBatch{at: p.cal.at(importDay, 11*60), source: "import"}
				byKey["import"] = b
				batches = append(batches, b)
			}
			b.acts = append(b.acts, act)
		default:
			d := p.cal.today.AddDate(0, 0, act.day)
			q := (int(d.Month()) - 1) / 3
			key := fmt.Sprintf("%s %d-Q%d", act.source, d.Year(), q+1)
			b := byKey[key]
			if b == nil {
				// Sent at 03:00 on the first day of the next quarter,
				// or now when that has not come yet.
				next := time.Date(d.Year(), time.Month(3*q+4), 1, 0, 0, 0, 0, time.UTC)
				day := int(next.Sub(p.cal.today).Hours() / 24)
				b = &activityBatch{at: p.cal.at(day, 3*60), source: act.source}
				byKey[key] = b
				batches = append(batches, b)
			}
			b.acts = append(b.acts, act)
		}
	}
	slices.SortStableFunc(batches, func(a, b *activityBatch) int { return a.at.Compare(b.at) })
	for _, b := range batches {
		if err := r.recordActivities(b); err != nil {
			return fmt.Errorf("activities from %s of %s: %w", b.source, b.at.Format(time.DateOnly), err)
		}
	}
	return nil
}

// recordActivities stores one batch with participation's clock at its time.
func (r *runner) recordActivities(b *activityBatch) error {
	svc := *r.a.Participation
	at := b.at
	svc.Now = func() time.Time { return at }
	// The load rebuilds the whole roll-up when it is done (run).
	svc.SkipRollUp = true
	items := make([]participation.Item, len(b.acts))
	for i, act := range b.acts {
		items[i] = participation.Item{MemberID: r.memberIDs[act.person], Kind: act.kind,
			OccurredAt: r.p.cal.at(act.day, act.minute).UTC().Format(time.RFC3339), Source: act.source,
			ExternalID: act.externalID, Title: act.title, URL: act.url}
	}
	switch b.source {
	case "manual":
		// Typed in by whoever's turn it was that quarter.
		who := []int{owner, 1, 2}[b.at.YearDay()%3]
		_, err := svc.Ingest(r.actor(who), decodedItems(items), b.source)
		return err
	case "import":
		_, err := svc.Ingest(r.actor(owner), decodedItems(items), b.source)
		return err
	}
	ctx := audit.WithActor(r.ctx, audit.Actor{Name: b.source + " sync"})
	_, err := svc.Ingest(ctx, decodedItems(items), b.source)
	return err
}

// decodedItems hands items to Ingest as a decoded batch.
func decodedItems(items []participation.Item) func(yield func(participation.Decoded) bool) {
	return func(yield func(participation.Decoded) bool) {
		for i, it := range items {
			if !yield(participation.Decoded{Index: i, Item: it}) {
				return
			}
		}
	}
}
