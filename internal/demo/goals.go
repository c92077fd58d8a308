package demo

import (
	"context"
	"math"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/goals"
)

// The demo community's shared goals, set by the owner when the team
// started with Trellis. Other parts of the demo link their programming and
// content to the first five by these exact titles (see goalIDsByTitle).
const (
	goalECR           = "Welcome and keep early career researchers"
	goalReproducible  = "Share reproducible research practice"
	goalMemberLed     = "Grow member-led programming"
	goalConnect       = "Connect researchers across disciplines and regions"
	goalImpact        = "Show our impact to funders and institutions"
	goalCurriculum    = "Build a shared data-stewardship curriculum"
	goalForum         = "Launch the community forum"
	demoGoalsMeasured = -21 // the day the team last updated the figures
)

// demoGoal is a goal as the plan sets it.
type demoGoal struct {
	title, description, why string
	owned                   bool // owned by the demo owner
	indicators              []goals.Indicator
	retired                 bool
}

func fig(v float64) *float64 { return &v }

// demoGoals are the community's goals. Goal 6, the data-stewardship
// curriculum, is deliberately served by nothing: no programme, session or
// content item links to it, so the content and programming audit has a
// goal served by nothing to find. The forum goal was retired once the
// forum launched, in the demo's first weeks (2025 for a load in 2026).
var demoGoals = []demoGoal{
	{goalECR, "Make the community the place early career researchers find peers, mentors and a first chance to lead.",
		"Early career researchers are most of our newcomers and most likely to drift away in their first year. **Keeping them is how the community renews itself.**",
		true, []goals.Indicator{
			{Name: "Early career members active in the last quarter", Unit: "members", Target: fig(50), Current: fig(34)},
			{Name: "Newcomers still active after six months", Unit: "%", Target: fig(60), Current: fig(48)},
			{Name: "Mentoring pairs", Target: fig(15), Current: fig(9)},
		}, false},
	{goalReproducible, "Help members adopt open, reproducible ways of working: shared code, documented data, open notebooks.",
		"Members join to learn practices their labs do not teach. Sharing them openly is what the community is for.",
		true, []goals.Indicator{
			{Name: "Playbooks and guides published", Target: fig(4), Current: fig(2)},
			{Name: "Members who attended a reproducibility session", Unit: "members", Target: fig(120), Current: fig(87)},
		}, false},
	{goalMemberLed, "More calls, workshops and working groups run by members themselves, with the team supporting rather than leading.",
		"A community whose programming depends on two staff members is fragile. Member-led sessions also build the leaders of tomorrow.",
		false, []goals.Indicator{
			{Name: "Sessions hosted by members", Unit: "%", Target: fig(50), Current: fig(30)},
			{Name: "Active working groups", Target: fig(5), Current: fig(3)},
		}, false},
	{goalConnect, "Introduce people who would not otherwise meet: across fields, countries and time zones.",
		"Our members say the introductions are what they value most. Most collaborations we hear about started with one.",
		true, []goals.Indicator{
			{Name: "Countries with active members", Target: fig(40), Current: fig(31)},
			{Name: "Cross-disciplinary collaborations reported", Target: fig(12), Current: fig(5)},
		}, false},
	{goalImpact, "Gather the evidence and stories that show what the community changes, and share them with those who fund and host it.",
		"Our funding is renewed in eighteen months. Funders and host institutions need to see outcomes, not activity.",
		true, []goals.Indicator{
			{Name: "Impact stories collected", Target: fig(20), Current: fig(8)},
			{Name: "Annual report published", Target: fig(1), Current: fig(0)},
		}, false},
	{goalCurriculum, "A modular curriculum on research data stewardship, written with members and reusable by any institution.",
		"Data stewards are asked for training everywhere and there is no shared, open material.",
		false, []goals.Indicator{
			{Name: "Modules drafted", Target: fig(6), Current: fig(0)},
		}, false},
	{goalForum, "Give members a place to ask and answer questions between calls.",
		"Questions asked by email reached only the team; a forum lets members help each other.",
		true, []goals.Indicator{
			{Name: "Members who posted in the first month", Unit: "members", Target: fig(100), Current: fig(112)},
		}, true},
}

// setGoals stores the demo's goals at set-up, owned by the demo owner
// where the plan says so, with the figures as they stood then; then, three
// weeks before the load day, the team updates the figures to where they
// stand now (so each active goal is at version 2, with its history). A
// goal of the same title already there (the team set it themselves, or an
// earlier load stopped part way) is left as it is.
func (r *runner) setGoals(at time.Time) error {
	svc := *r.a.Goals
	svc.Now = func() time.Time { return at }
	ctx := r.actor(owner)
	existing, err := goalIDsByTitle(r.ctx, r.a)
	if err != nil {
		return err
	}
	taken := map[string]bool{}
	for t := range existing {
		taken[strings.ToLower(t)] = true
	}
	var set []int
	ids := make([]int64, len(demoGoals))
	for i, dg := range demoGoals {
		if taken[strings.ToLower(dg.title)] {
			continue
		}
		g := goals.Goal{Title: dg.title, Description: dg.description, Why: dg.why, Indicators: []goals.Indicator{}}
		if dg.owned {
			g.OwnerUserID = r.users[owner]
		}
		if dg.retired {
			g.Status = goals.Retired
		}
		for _, in := range dg.indicators {
			if !dg.retired {
				// Where things stood when the team started: well short.
				in.Current = fig(math.Floor(*in.Current * 0.6))
			}
			in.MeasuredOn = svc.Today()
			g.Indicators = append(g.Indicators, in)
		}
		created, err := svc.Create(ctx, g)
		if err != nil {
			return err
		}
		ids[i] = created.ID
		if !dg.retired {
			set = append(set, i)
		}
	}
	later := *r.a.Goals
	when := r.p.cal.at(demoGoalsMeasured, 11*60)
	later.Now = func() time.Time { return when }
	for _, i := range set {
		dg := demoGoals[i]
		if _, err := later.Edit(ctx, ids[i], 1, func(g goals.Goal) (goals.Goal, error) {
			for k, in := range dg.indicators {
				g.Indicators[k].Current, g.Indicators[k].MeasuredOn = in.Current, later.Today()
			}
			return g, nil
		}); err != nil {
			return err
		}
	}
	r.goalIDs, err = goalIDsByTitle(r.ctx, r.a)
	return err
}

// goalIDsByTitle maps each goal's title, exactly as stored, to its id, for
// the parts of the demo that link programming and content to goals by
// title (goalECR ... goalImpact).
func goalIDsByTitle(ctx context.Context, a *app.App) (map[string]int64, error) {
	gs, err := a.Goals.List(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(gs))
	for _, g := range gs {
		out[g.Title] = g.ID
	}
	return out, nil
}
