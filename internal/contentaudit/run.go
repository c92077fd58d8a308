package contentaudit

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/goals"
)

// Result is one audit: the items of the period and the gaps found.
type Result struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Period string `json:"period"` // "Q3 2026", "July 2026" ...
	Items  []Item `json:"items"`  // the items in the period, by date then title
	Gaps   []Gap  `json:"gaps"`   // in the order of Rules, each rule's by subject
	// MembersCountedAt is when the oldest member count the audit used was
	// made (see Service.SegmentTTL); zero when Run was given no time.
	MembersCountedAt time.Time `json:"-"`
}

// Rule is one check the audit makes. The page lists them so a manager
// knows what was looked at, including the rules that found nothing.
type Rule struct {
	ID     string // stable snake_case id, the Gap.Rule of what it finds
	Title  string // a heading: "Goals nothing serves"
	Checks string // what it checks, in a sentence or two
	check  func(a *run) []Gap
}

var rules = []Rule{
	{"goal_served_by_nothing", "Goals nothing serves",
		"Each active goal that no programme or content item serves, in the period or before it.", goalsServedByNothing},
	{"goal_served_only_before", "Goals served only in the past",
		"Each active goal served by items from before the period but by nothing in it.", goalsServedOnlyBefore},
	{"mode_without_programming", "Participation modes no programming offers",
		"Each participation mode (convey, contribute, collaborate, co-create) that no programme in the period offers.", modesWithoutProgramming},
	{"programming_live_and_spoken", "Programming that is mostly live and spoken",
		"When more than half of the period's programmes are live and spoken only, how many members prefer written or asynchronous participation.", liveAndSpoken},
	{"sessions_at_night", "Members for whom every session is at night",
		"How many members live in time zones where every session of the period starts between 22:00 and 07:00 local time.", sessionsAtNight},
	{"audience_not_served", "Audiences nothing is aimed at",
		"Each career stage and saved segment with members that no item in the period is aimed at (items for the whole community aside).", audiencesNotServed},
	{"item_without_goal", "Items that serve no goal",
		"The period's items linked to no goal: candidates to stop, or to link to the goal they serve.", itemsWithoutGoal},
	{"review_overdue", "Items overdue for review",
		"Items whose review-by date has passed.", reviewOverdue},
	{"low_reach_for_effort", "Little reach for the effort",
		"Items whose reach per hour of effort is under a quarter of the median of comparable items (same metric, at least three with both figures).", lowReachForEffort},
}

// Rules lists the audit's rules in the order gaps are reported.
func Rules() []Rule { return slices.Clone(rules) }

// run is an Input prepared for the rules.
type run struct {
	in     Input
	p      period
	asOf   string  // review-by dates before it are overdue
	period []Item  // the items in the period, withdrawn ones included
	live   []*Item // the items in the period, withdrawn ones aside
	progs  []*Item // the programmes among live
	byGoal map[int64]*goalUse
}

// Run audits in. It fails with Invalid, naming "from" or "to", when the
// period is not two dates in order, and with an error naming "today" when
// Today is not a date (a caller's mistake).
func Run(in Input) (Result, error) {
	p, err := checkPeriod(in.From, in.To)
	if err != nil {
		return Result{}, err
	}
	if _, ok := parseDate(in.Today); !ok {
		return Result{}, fmt.Errorf("content audit: today %q is not a date", in.Today)
	}
	a := &run{in: in, p: p, asOf: reviewAsOf(in.Today, in.To)}
	// Items are large: sort their indexes, then copy each once.
	var at []int
	for i := range in.Items {
		if in.Items[i].inPeriod(p) {
			at = append(at, i)
		}
	}
	slices.SortFunc(at, func(i, j int) int { return byDateThenTitle(&in.Items[i], &in.Items[j]) })
	a.period = make([]Item, 0, len(at))
	for _, i := range at {
		a.period = append(a.period, in.Items[i])
	}
	for i := range a.period {
		if it := &a.period[i]; !it.Withdrawn {
			a.live = append(a.live, it)
			if it.Kind == KindProgramme {
				a.progs = append(a.progs, it)
			}
		}
	}
	res := Result{From: p.from, To: p.to, Period: p.name, Items: a.period, Gaps: []Gap{}}
	if res.Items == nil {
		res.Items = []Item{}
	}
	for _, r := range rules {
		for _, g := range r.check(a) {
			g.Rule = r.ID
			if g.Links == nil {
				g.Links = []Link{}
			}
			res.Gaps = append(res.Gaps, g)
		}
	}
	return res, nil
}

// reviewAsOf is the date review-by dates are judged on for an audit run
// on today (YYYY-MM-DD) of a period ending on to: the earlier of today
// and the day after to. Review-by dates before it are overdue.
func reviewAsOf(today, to string) string { return min(today, dayAfter(to)) }

func byDateThenTitle(x, y *Item) int {
	if c := strings.Compare(x.On, y.On); c != 0 {
		return c
	}
	if c := strings.Compare(x.Title, y.Title); c != 0 {
		return c
	}
	if c := strings.Compare(x.Kind, y.Kind); c != 0 {
		return c
	}
	return cmp.Compare(x.ID, y.ID)
}

// servesGoal reports whether the item is linked to goal id.
func (it Item) servesGoal(id int64) bool {
	return slices.ContainsFunc(it.Goals, func(l goals.Link) bool { return l.GoalID == id })
}
