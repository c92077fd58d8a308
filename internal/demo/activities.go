package demo

import (
	"math"
	"slices"

	"github.com/trellis-community/trellis/internal/members"
)

// Two years of what members did, across the places a research software
// community lives: pull requests and reviews on GitHub, posts and replies
// on the Discourse forum, questions and answers on Slack, talks, blog
// posts, working groups, mentoring and hosting the team records by hand,
// and, before the team moved into Trellis, the call lists of the old
// spreadsheet (source import). Attendance at the past year's sessions
// comes from programming itself (see loadAttendance).
//
// Each member has an arc: the highest mode they reach (most convey only,
// taking in calls; a few contribute; fewer collaborate; a handful
// co-create), whether they climbed to it or stepped down from it and
// when, and the days they were active. Lapsed members and alumni went
// quiet when their record says; some active members drift without anyone
// noticing; of this month's and last month's newcomers some stay and some
// did one thing and nothing since. How much each member does follows a
// power law within their mode, so the most active 1 % make most of the
// contributions. The same arcs drive the standard demo and a benchmark
// community of any size (see writeActivitiesBulk).

// activityDays is how far back the activities go: two years.
const activityDays = 730

// Levels are the participation modes in order: an arc's levels.
const (
	lvConvey = iota
	lvContribute
	lvCollaborate
	lvCoCreate
)

// arc is one member's course through the modes.
type arc struct {
	from, to   int // active from and to these days (to <= 0); from > to: never active
	start, end int // the level before turn, and from turn on
	turn       int
	once       bool    // a newcomer who did one thing and nothing since
	least      int     // activities the member has at the least (a newcomer who stays: two)
	intensity  float64 // relative amount of activity per active day
}

// level is the member's mode on day.
func (a arc) level(day int) int {
	if day < a.turn {
		return a.start
	}
	return a.end
}

// levelOf is the highest mode person p reaches, from how often they turn
// up and what the team knows of them.
func levelOf(p *person) int {
	lv := lvConvey
	switch {
	case p.weight >= 12:
		lv = lvCoCreate
	case p.weight >= 4:
		lv = lvCollaborate
	case p.weight >= 1:
		lv = lvContribute
	}
	if slices.Contains(p.m.Tags, tagSteering) || slices.Contains(p.m.Tags, tagGroupLead) {
		lv = lvCoCreate
	}
	if lv > lvConvey && p.mentor {
		lv = max(lv, lvCollaborate)
	}
	if slices.Contains(p.m.Tags, tagTrainer) {
		lv = max(lv, lvContribute)
	}
	return lv
}

// levelRate is how much a member of each level does, relative to one who
// only takes in calls.
var levelRate = [4]float64{0.5, 0.6, 6, 200}

// paretoShape and paretoCap shape how much members of one level differ:
// a heavy tail (the most active do hundreds of times what most do), cut
// off where one person would be doing more than a few things a day.
const (
	paretoShape = 1.1
	paretoCap   = 150
)

// lowerShare is how much of what someone at a level does belongs to the
// modes below: hosting and leading are a small part of a co-creator's
// weeks, most of which go on reviewing, answering and taking part.
var lowerShare = [4]float64{0, 0.4, 0.55, 0.8}

// lowerPickers choose, for someone at a level, which lower level an
// activity is of: mostly contributing.
var lowerPickers = [4]weighted{
	lvContribute:  newWeighted([]float64{1}),
	lvCollaborate: newWeighted([]float64{3, 7}),
	lvCoCreate:    newWeighted([]float64{2, 5, 3}),
}

// drawArc decides p's arc.
func drawArc(r *rng, p *person) arc {
	a := arc{from: max(p.join, -activityDays), to: 0}
	if p.m.Status == members.StatusProspective {
		return arc{from: 1, to: 0} // noted at an event, not joined: nothing yet
	}
	if p.to != 0 {
		a.to = p.to // lapsed and alumni went quiet then
	}
	lv := levelOf(p)
	a.start, a.end, a.turn = lv, lv, a.from
	span := a.to - a.from
	switch u := r.Float64(); {
	case span < 60:
		// A newcomer: some stay, some did one thing and nothing since.
		a.once = r.chance(0.4)
		if !a.once {
			a.least = 2
		}
	case lv > lvConvey && u < 0.45:
		// Climbed: began lower and moved up part way.
		a.start = r.between(lvConvey, lv-1)
		a.turn = a.from + int(float64(span)*(0.2+0.6*r.Float64()))
	case lv > lvConvey && u < 0.6 && span > 180:
		// Stepped down: left a role, or has less time now.
		a.start, a.end = max(lv, lvContribute), r.between(lvConvey, max(lv, lvContribute)-1)
		a.turn = a.from + int(float64(span)*(0.4+0.5*r.Float64()))
	}
	// Some active members drift away without anyone noticing.
	if p.to == 0 && !p.key && span > 240 && r.chance(0.1) {
		a.to = r.between(-200, -45)
	}
	// Within a level, a power law: most do a little, a few a great deal.
	pareto := math.Min(1/math.Pow(1-r.Float64(), 1/paretoShape), paretoCap)
	a.intensity = levelRate[max(a.start, a.end)] * pareto
	return a
}

// expected is the arc's relative share of a community's activities.
func (a arc) expected() float64 {
	if a.from > a.to {
		return 0
	}
	if a.once {
		return 0 // exactly one, counted apart
	}
	return a.intensity * float64(a.to-a.from+1)
}

// maxPerDay bounds how much one member does: four things a day at most,
// averaged over their active days.
const maxPerDay = 4

// activityCounts spreads total activities over the arcs by their
// expected shares: each arc's least first (one for a newcomer who did one
// thing, two for one who stays), then the rest by share, no arc past
// maxPerDay a day (what it cannot take goes to the others), with running
// rounding, which keeps the sum exact. Only a total too large for every
// arc at its bound gives fewer.
func activityCounts(arcs []arc, total int) []int {
	out := make([]int, len(arcs))
	for i, a := range arcs {
		if a.from > a.to {
			continue
		}
		least := a.least
		if a.once {
			least = 1
		}
		out[i] = min(least, total)
		total -= out[i]
	}
	if total <= 0 {
		return out
	}
	share := make([]float64, len(arcs))
	done := make([]bool, len(arcs))
	left := float64(total)
	for range 20 {
		sum := 0.0
		for i, a := range arcs {
			if !done[i] {
				sum += a.expected()
			}
		}
		if sum == 0 {
			break
		}
		f, capped := left/sum, false
		for i, a := range arcs {
			if done[i] {
				continue
			}
			share[i] = a.expected() * f
			if bound := float64(maxPerDay*(a.to-a.from+1) - out[i]); share[i] > bound {
				share[i], done[i], capped = bound, true, true
				left -= bound
			}
		}
		if !capped {
			break
		}
	}
	cum, given := 0.0, 0
	for i := range arcs {
		cum += share[i]
		n := int(math.Round(cum)) - given
		out[i] += n
		given += n
	}
	return out
}

// Kinds by mode, with how common each is, and where each is recorded.
type kindChoice struct {
	kind   string
	weight float64
}

var kindsByLevel = [4][]kindChoice{
	lvConvey: {{"attended_call", 1}},
	lvContribute: {{"replied_forum", 30}, {"posted_forum", 14}, {"asked_question", 16}, {"answered_question", 20},
		{"opened_pull_request", 16}, {"wrote_blog_post", 2}, {"gave_talk", 2}},
	lvCollaborate: {{"reviewed_pull_request", 60}, {"joined_working_group", 20}, {"co_authored", 8}, {"mentored", 12}},
	lvCoCreate:    {{"hosted_session", 45}, {"led_working_group", 35}, {"served_governance", 20}},
}

var kindPickers = func() [4]weighted {
	var out [4]weighted
	for lv, ks := range kindsByLevel {
		w := make([]float64, len(ks))
		for i, k := range ks {
			w[i] = k.weight
		}
		out[lv] = newWeighted(w)
	}
	return out
}()

// genActivity is one generated activity.
type genActivity struct {
	person      int
	kind        string
	source      string
	day, minute int
	title, url  string
	externalID  string
}

// activityGen draws activities member by member. Its counters number
// each source's external ids in the order they are drawn, zero-padded, so
// they sort in that order and a bulk load appends to the unique index
// rather than writing all over it.
type activityGen struct {
	r        *rng
	bulk     bool // a benchmark community: calls come from the video platform, not attendance lists
	counters [extPrefixes]int
	buf      []byte
	titles   map[fillKey]string
	slugs    map[string]string
}

func newActivityGen(r *rng, bulk bool) *activityGen {
	return &activityGen{r: r, bulk: bulk, titles: map[fillKey]string{}, slugs: map[string]string{}}
}

// member draws n activities of person i with arc a, calling emit for each.
func (g *activityGen) member(i int, p *person, a arc, n int, emit func(*genActivity)) {
	if n <= 0 || a.from > a.to {
		return
	}
	r := g.r
	var act genActivity
	for range n {
		day := r.between(a.from, a.to)
		if a.once {
			day = r.between(a.from, min(a.from+10, a.to))
		}
		lv := a.level(day)
		// Someone at a mode still does what the modes below offer,
		// contributing most of all.
		if lv > lvConvey && r.chance(lowerShare[lv]) {
			lv = lowerPickers[lv].draw(r)
		}
		if a.once {
			lv = min(lv, lvContribute)
		}
		k := kindsByLevel[lv][kindPickers[lv].draw(r)].kind
		act = genActivity{person: i, kind: k, day: day, minute: r.between(7*60, 21*60)}
		g.describe(&act, p)
		emit(&act)
	}
}
