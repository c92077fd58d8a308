package demo

import (
	"cmp"
	"slices"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/relationships"
)

// The demo is built in two steps. First a plan is drawn up in memory, from
// the seed alone: who the members are, who is key, every interaction and
// follow-up and the day each happens. Then run carries it out through the
// domain services, in the order the days fall, so everything is validated
// as if a team had typed it in over the year.

// Days that shape the community's history.
const (
	historyDays = 365  // a year of interactions
	joinSpan    = 1460 // members joined over the past four years
	importDay   = -380 // the team moved its member spreadsheet into Trellis
)

// plan is everything the demo will create.
type plan struct {
	seed         int64
	cal          calendar
	people       []person
	team         []teamUser
	keys         []keyMember
	interactions []interaction
	followUps    []followUp
	arcs         []arc // each person's course through the modes; see activityArcs
}

// person is a member to be created, with what the generator needs to know
// about them besides the record itself.
type person struct {
	m      members.Member
	org    *org
	given  string // in Latin letters, without a second family name
	family string
	first  string // what the team calls them in notes
	join   int    // the day they joined (or, if prospective, were noted)
	add    int    // the day their record goes into Trellis
	weight float64
	// from and to bound the days everyday interactions may include them:
	// lapsed members and alumni drift away.
	from, to int
	archive  int // the day they are archived; 0 for never
	key      bool
	planted  bool // one of a planted duplicate pair
	ecr      bool
	mentor   bool
}

// teamUser is a colleague who signs in. share is how often they take part
// in interactions; the viewer sits in on a few meetings but logs nothing.
type teamUser struct {
	email, name string
	role        accounts.Role
	share       float64
}

// Team accounts besides the demo owner. They share the demo's domain,
// which no mail server answers for.
var team = []teamUser{
	{DemoEmail, DemoName, accounts.RoleOwner, 0.40},
	{"amara.osei@trellis.local", "Amara Osei", accounts.RoleManager, 0.35},
	{"tomas.herrera@trellis.local", "Tomás Herrera", accounts.RoleManager, 0.25},
	{"hana.kovac@trellis.local", "Hana Kovač", accounts.RoleViewer, 0},
}

const (
	owner  = 0 // index of the demo owner in team
	viewer = 3 // index of the viewer
)

// keyState is where the team should stand with a key member on load day.
type keyState int

const (
	warm         keyState = iota // in touch, often enough
	dueThisWeek                  // next contact falls due within the week
	coolingFew                   // in touch lately, but rarely over the year
	pastCadence                  // let slip past the cadence, not yet twice over
	cold                         // more than twice the cadence since last contact
	neverReached                 // key for a while, never contacted
)

// keyMember is a member the team tends deliberately.
type keyMember struct {
	person  int
	groups  []string
	cadence int
	note    string
	since   int // the day they became key
	state   keyState
}

// interaction is one logged contact. users[0] logged it.
type interaction struct {
	day, minute int
	channel     relationships.Channel
	summary     string
	notes       string
	outcome     string
	people      []int
	users       []int
	context     string
	followUp    int // index into plan.followUps, -1 for none
}

// followUp is a promise and what became of it. A follow-up with
// interaction -1 is created on its own on day.
type followUp struct {
	what        string
	due         int
	owner       int // team index, -1 for the whole team
	person      int // -1 for none
	interaction int
	day, minute int
	snoozed     bool
	snoozedOn   int
	snoozeTill  int
	done        bool
	doneOn      int
	doneMinute  int
}

// sortInteractions puts interactions in the order they happened, those
// of the same minute in the order they were drawn. It sorts a compact key
// for each (day, minute and place) and then moves each interaction once:
// a stable sort of a million interactions themselves, 150 bytes each,
// moved them many times over (a second and a half of the benchmark load).
func (p *plan) sortInteractions() {
	its := p.interactions
	if len(its) >= 1<<keyPlaceBits {
		slices.SortStableFunc(its, func(a, b interaction) int {
			return cmp.Or(cmp.Compare(a.day, b.day), cmp.Compare(a.minute, b.minute))
		})
		return
	}
	keys := make([]uint64, len(its))
	for i := range its {
		keys[i] = sortKey(its[i].day, its[i].minute, i)
	}
	slices.Sort(keys)
	sorted := make([]interaction, len(its))
	for i, k := range keys {
		sorted[i] = its[k&(1<<keyPlaceBits-1)]
	}
	p.interactions = sorted
}

// keyPlaceBits hold an interaction's place in sortKey; a plan with more
// interactions than they hold sorts them the slow way.
const keyPlaceBits = 24

// sortKey orders interactions by day, then minute, then place i. Days
// fall within a few thousand of load day and minutes within one day.
func sortKey(day, minute, i int) uint64 {
	return uint64(day+1<<20)<<(keyPlaceBits+12) | uint64(minute)<<keyPlaceBits | uint64(i)
}
