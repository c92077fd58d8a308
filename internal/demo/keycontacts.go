package demo

import (
	"slices"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/relationships"
)

// circle is one group of at most eight key members who meet together:
// a big community's leadership meets as several circles.
type circle struct {
	s       *series
	members []int // indexes into keys
	days    []int // meeting days, newest first
}

// keyContacts lays out a year of contact with the key members so that, on
// load day, each stands where their state says: the dashboard then shows
// warm, cooling and cold relationships, people due this week and people
// past their cadence, some never contacted at all.
func keyContacts(r *rng, cal calendar, people []person, keys []keyMember) []interaction {
	var circles []circle
	for si := range meetingSeries {
		s := &meetingSeries[si]
		var in []int
		for ki, km := range keys {
			if slices.Contains(km.groups, s.group) {
				in = append(in, ki)
			}
		}
		for chunk := range slices.Chunk(in, 8) {
			c := circle{s: s, members: chunk}
			// Each circle keeps a weekday, Tuesday to Thursday.
			base := -1 - r.IntN(s.every)
			for wd := cal.weekday(base); wd < time.Tuesday || wd > time.Thursday; wd = cal.weekday(base) {
				base--
			}
			for d := base; d >= -historyDays; d -= s.every {
				c.days = append(c.days, d)
			}
			circles = append(circles, c)
		}
	}
	meetings := make([][]int, len(keys))
	for _, c := range circles {
		for _, ki := range c.members {
			meetings[ki] = append(meetings[ki], c.days...)
		}
	}

	var out []interaction
	attended := make([]map[int]bool, len(keys))
	for ki := range keys {
		slices.SortFunc(meetings[ki], func(a, b int) int { return b - a })
		days, att := contactDays(r, cal, &keys[ki], slices.Compact(meetings[ki]))
		attended[ki] = att
		for _, d := range days {
			if !att[d] {
				out = append(out, oneToOne(r, people, &keys[ki], d))
			}
		}
	}
	for _, c := range circles {
		for _, d := range c.days {
			var who []int
			for _, ki := range c.members {
				if attended[ki][d] {
					who = append(who, keys[ki].person)
				}
			}
			if len(who) > 0 {
				out = append(out, meeting(r, people, c.s, who, d))
			}
		}
	}
	return out
}

// lastContact is the range of days the last contact with a key member in
// this state falls in, for a cadence of c days.
func lastContact(s keyState, c int) (lo, hi int) {
	switch s {
	case dueThisWeek: // next due from today to six days on
		return -c, -c + 6
	case pastCadence: // past the cadence, within twice it
		return -2 * c, -c - 1
	case cold: // more than twice the cadence ago
		return -2*c - min(60, c), -2*c - 1
	}
	return -(c - 7), 0 // within the cadence, next due after this week
}

// contactDays returns the days the team was in touch with km, oldest
// first, and which of them were meetings of km's circles (attended).
func contactDays(r *rng, cal calendar, km *keyMember, meetings []int) (days []int, attended map[int]bool) {
	attended = map[int]bool{}
	if km.state == neverReached {
		return nil, attended
	}
	c := km.cadence
	floor := max(km.since+1, -historyDays)
	lo, hi := lastContact(km.state, c)
	lo = max(lo, floor)
	last, found := 0, false
	if km.state != coolingFew {
		if i := slices.IndexFunc(meetings, func(m int) bool { return m >= lo && m <= hi }); i >= 0 {
			last, found = meetings[i], true
			attended[last] = true
		}
	}
	if !found {
		last = cal.workday(r.between(lo, hi), lo)
	}
	set := map[int]bool{last: true}
	if km.state == coolingFew {
		// Half of what keeps the relationship warm, so it reads as cooling.
		want := max(1, relationships.ExpectedPerYear(c)/2)
		for tries := 0; len(set) < want && tries < 100; tries++ {
			set[cal.workday(r.between(floor, last-7), floor)] = true
		}
	} else {
		for _, m := range meetings {
			if m >= floor && m < last && r.chance(0.85) {
				set[m], attended[m] = true, true
			}
		}
		// Fill any gap longer than the cadence with a one-to-one.
		for cur := last; ; {
			prev, ok := 0, false
			for d := range set {
				if d < cur && (!ok || d > prev) {
					prev, ok = d, true
				}
			}
			if ok && cur-prev <= c {
				cur = prev
				continue
			}
			d := cal.workday(cur-r.between(c/2, c*9/10), floor)
			if ok && d <= prev {
				cur = prev
				continue
			}
			if d < floor {
				break
			}
			set[d], cur = true, d
		}
	}
	for d := range set {
		days = append(days, d)
	}
	slices.Sort(days)
	return days, attended
}

// channelsFor says how each kind of conversation usually happens.
var channelsFor = map[string][]relationships.Channel{
	ctxLeadership: {relationships.Call, relationships.Meeting, relationships.Email},
	ctxFunders:    {relationships.Meeting, relationships.Call, relationships.Email},
	ctxChampions:  {relationships.Chat, relationships.Call, relationships.Email, relationships.Event},
	ctxPartners:   {relationships.Meeting, relationships.Email, relationships.Call, relationships.Conference},
	ctxAdvisory:   {relationships.Call, relationships.Email, relationships.Meeting},
	ctxWGLeads:    {relationships.Call, relationships.Chat, relationships.Email},
	ctxWelcome:    {relationships.Call, relationships.Email, relationships.Chat},
	ctxQuestion:   {relationships.Email, relationships.Chat},
	ctxEvent:      {relationships.Event, relationships.Conference},
	ctxCall:       {relationships.Call, relationships.Meeting},
	ctxMentoring:  {relationships.Email, relationships.Meeting, relationships.Call},
	ctxLapsed:     {relationships.Email},
	ctxProspect:   {relationships.Call, relationships.Email},
	ctxOther:      {relationships.Other, relationships.Meeting, relationships.Chat},
}

// channelHints keep the channel true to summaries that name it.
var channelHints = []struct {
	prefix  string
	channel relationships.Channel
}{
	{"Welcome email", relationships.Email}, {"Welcome call", relationships.Call},
	{"Onboarding chat", relationships.Chat}, {"Call with", relationships.Call},
	{"Career chat", relationships.Call}, {"Site visit", relationships.Meeting},
	{"Coffee", relationships.Meeting}, {"Met to plan", relationships.Meeting},
	{"Exploratory call", relationships.Call}, {"Shared a job posting", relationships.Other},
	{"Signed up", relationships.Other},
}

// oneToOne is a conversation between the team and one key member.
func oneToOne(r *rng, people []person, km *keyMember, day int) interaction {
	ctx := contextOfGroup[km.groups[0]]
	p := &people[km.person]
	return written(r, interaction{day: day, channel: pick(r, channelsFor[ctx]), people: []int{km.person}, context: ctx}, p, nil)
}

// meeting is one meeting of a circle, with whoever came.
func meeting(r *rng, people []person, s *series, who []int, day int) interaction {
	ctx := contextOfGroup[s.group]
	it := interaction{day: day, channel: relationships.Meeting, people: who, context: ctx,
		summary: s.title + ": " + pick(r, s.agenda)}
	if s.every < relationships.Monthly {
		it.channel = relationships.Call
	}
	it.minute = r.between(9*60, 16*60)
	it.users = teamFor(r, ctx)
	if r.chance(0.5) {
		it.outcome = pick(r, slices.Concat(outcomes[ctx], generalOutcomes))
	}
	if r.chance(0.3) {
		names := make([]string, len(who))
		for i, pi := range who {
			names[i] = people[pi].m.DisplayName()
		}
		it.notes = "**Present:** " + strings.Join(names, ", ") + "\n\n" + fill(pick(r, notes), vars(r, &people[who[0]], nil))
	}
	it.followUp = -1
	return it
}

// written fills in what the team wrote about it: summary, outcome, notes,
// who took part and when.
func written(r *rng, it interaction, p, other *person) interaction {
	v := vars(r, p, other)
	it.summary = fill(pick(r, summaries[it.context]), v)
	for _, h := range channelHints {
		if strings.HasPrefix(it.summary, h.prefix) {
			it.channel = h.channel
		}
	}
	if r.chance(0.55) {
		it.outcome = pick(r, slices.Concat(outcomes[it.context], generalOutcomes))
	}
	if r.chance(0.15) {
		it.notes = fill(pick(r, notes), v)
	}
	it.minute = r.between(9*60, 17*60+30)
	it.users = teamFor(r, it.context)
	it.followUp = -1
	return it
}

// teamFor picks who from the team took part: one or two of the demo owner
// and the managers, the first of whom logged it, and for funders and the
// advisory board sometimes the viewer, who directs the programme.
func teamFor(r *rng, ctx string) []int {
	shares := make([]float64, len(team))
	for i, u := range team {
		shares[i] = u.share
	}
	w := newWeighted(shares)
	users := []int{w.draw(r)}
	if r.chance(0.25) {
		if u := w.draw(r); u != users[0] {
			users = append(users, u)
		}
	}
	if (ctx == ctxFunders || ctx == ctxAdvisory) && r.chance(0.3) {
		users = append(users, viewer)
	}
	return users
}

// vars are the placeholders a text about p (and other) may use.
func vars(r *rng, p, other *person) map[string]string {
	topic := pickWeighted(r, topics[:12], topicWeights[:12])
	if len(p.m.Expertise) > 0 && r.chance(0.7) {
		topic = p.m.Expertise[r.IntN(len(p.m.Expertise))]
	}
	v := map[string]string{"first": p.first, "org": p.org.name, "town": p.org.town, "topic": topic, "event": pick(r, events)}
	if other != nil {
		v["other"] = other.first
	}
	return v
}
