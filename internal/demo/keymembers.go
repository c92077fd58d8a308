package demo

import (
	"math"
	"slices"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/relationships"
)

// groupPlan says how many of the standard demo's 35 key members each
// stakeholder group gets, who is a good fit, and how often they should
// hear from the team.
type groupPlan struct {
	name     string
	share    int
	fits     func(p *person) bool
	cadences []int
	notes    []string
}

var groupPlans = []groupPlan{{
	name: groupLeadership, share: 6, cadences: []int{relationships.Fortnightly},
	fits: func(p *person) bool { return p.org.kind.academic() && established(p) },
	notes: []string{"Chairs the steering committee.", "Treasurer.", "Steering committee member; leads on events.",
		"Steering committee member; leads on inclusion."},
}, {
	name: groupFunders, share: 4, cadences: []int{relationships.Monthly, relationships.Quarterly},
	fits: func(p *person) bool { return p.org.kind == funder },
	notes: []string{"Programme officer for our sustainability grant.", "Funds the training programme; reports due quarterly.",
		"New contact at a funder we'd like to work with."},
}, {
	name: groupChampions, share: 10, cadences: []int{relationships.Monthly},
	fits:  func(p *person) bool { return p.weight >= 1 && !established(p) },
	notes: []string{"Runs the newcomers' welcome thread.", "Regular speaker at community calls.", "Mentors in the ECR network.", "Organises a local meetup."},
}, {
	name: groupPartners, share: 5, cadences: []int{relationships.Quarterly, relationships.Quarterly, relationships.Monthly},
	fits:  func(p *person) bool { return p.org.kind == company || p.org.kind == nonprofit },
	notes: []string{"Partnership lead; co-hosts our workshops.", "Joint training track.", "Shares our events with their network."},
}, {
	name: groupAdvisory, share: 5, cadences: []int{relationships.Quarterly},
	fits:  func(p *person) bool { return p.m.CareerStage == members.StageSenior },
	notes: []string{"Advisory board member.", "Advisory board; strong on evaluation.", "Advisory board; brings the funder's view."},
}, {
	name: groupWGLeads, share: 5, cadences: []int{relationships.Monthly},
	fits: func(p *person) bool {
		return p.org.kind.academic() && !established(p) && p.m.CareerStage != members.StageStudent
	},
	notes: []string{"Leads the packaging working group.", "Leads the lesson maintenance group.", "Co-leads the FAIR data working group."},
}}

func established(p *person) bool {
	return p.m.CareerStage == members.StageSenior || p.m.CareerStage == members.StageMidCareer
}

// keyCount is how many key members a community of n has: the 35 of the
// standard demo for smaller communities, about one in a hundred for
// larger ones.
func keyCount(n int) int {
	return max(n/100, min(35, n*35/standardMembers))
}

// pickKeys chooses the key members among long-standing active members,
// preferring people who fit each group, and decides where the team stands
// with each on load day.
func pickKeys(r *rng, people []person) []keyMember {
	k := keyCount(len(people))
	var eligible []int
	for i := range people {
		p := &people[i]
		if !p.planted && p.m.Status == members.StatusActive && p.add == importDay && p.join < importDay-20 {
			eligible = append(eligible, i)
		}
	}
	shuffle(r, eligible)
	taken := map[int]bool{}
	var keys []keyMember
	for _, gp := range groupPlans {
		want := int(math.Round(float64(k*gp.share) / 35))
		if k >= len(groupPlans) {
			want = max(1, want)
		}
		chosen := 0
		// Two passes: people who fit the group, then anyone left.
		for pass := 0; pass < 2 && chosen < want; pass++ {
			for _, i := range eligible {
				if chosen == want {
					break
				}
				if taken[i] || (pass == 0 && !gp.fits(&people[i])) {
					continue
				}
				taken[i] = true
				chosen++
				keys = append(keys, keyMember{person: i, groups: []string{gp.name},
					cadence: pick(r, gp.cadences), note: pick(r, gp.notes)})
			}
		}
	}
	// Some steering committee members also lead a working group.
	extra := int(math.Round(float64(len(keys)) * 2 / 35))
	for i := range keys {
		if extra > 0 && keys[i].groups[0] == groupLeadership {
			keys[i].groups = append(keys[i].groups, groupWGLeads)
			extra--
		}
	}
	assignStates(r, keys)
	for i := range keys {
		km := &keys[i]
		p := &people[km.person]
		p.key = true
		p.m.Status = members.StatusActive
		if slices.Contains(km.groups, groupLeadership) {
			p.m.Tags = append(p.m.Tags, tagSteering)
		}
		if slices.Contains(km.groups, groupWGLeads) {
			p.m.Tags = append(p.m.Tags, tagGroupLead)
		}
		km.since = importDay + r.between(5, 40)
		if km.state == neverReached {
			km.since = -(km.cadence + r.between(3, 25))
		}
	}
	return keys
}

// assignStates spreads the key members over the dashboard's states: most
// warm, a few due this week, some slipping, cold or never reached. Never
// reached goes to funders, partners and champions first: new contacts the
// team has not got round to.
func assignStates(r *rng, keys []keyMember) {
	count := func(per35 int) int { return int(math.Round(float64(len(keys)*per35) / 35)) }
	order := r.Perm(len(keys))
	slices.SortStableFunc(order, func(a, b int) int {
		return boolRank(newContact(keys[a])) - boolRank(newContact(keys[b]))
	})
	never := min(count(2), len(order))
	for _, i := range order[:never] {
		keys[i].state = neverReached
	}
	rest := order[never:]
	shuffle(r, rest)
	for _, s := range []struct {
		state keyState
		n     int
	}{{cold, count(3)}, {pastCadence, count(3)}, {dueThisWeek, count(4)}, {coolingFew, count(4)}} {
		for range s.n {
			if len(rest) > 0 {
				keys[rest[0]].state = s.state
				rest = rest[1:]
			}
		}
	}
}

func newContact(km keyMember) bool {
	g := km.groups[0]
	return g == groupFunders || g == groupPartners || g == groupChampions
}

// boolRank sorts true before false.
func boolRank(b bool) int {
	if b {
		return 0
	}
	return 1
}
