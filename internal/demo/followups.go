package demo

import "math"

// planFollowUps adds the year's follow-ups to p, whose interactions are in
// the order they happened. Older ones were all done, a few after being
// snoozed; the ones still open are placed so that on load day a community
// of 300 has five overdue (one of them snoozed once already), two due
// today and ten coming up (two of them snoozed), and larger communities
// proportionally more.
func planFollowUps(r *rng, p *plan) {
	for i := range p.interactions {
		it := &p.interactions[i]
		switch {
		case it.day <= -29 && r.chance(0.22):
			f := p.promise(r, i, r.chance(0.8))
			f.due = it.day + r.between(2, 21)
			if r.chance(0.08) {
				f.snoozed, f.snoozedOn = true, max(it.day+1, f.due-r.between(0, 2))
				f.snoozeTill = f.due + r.between(3, 10)
				f.finish(r, f.snoozeTill+r.between(-2, 3), f.snoozedOn+1)
			} else {
				f.finish(r, f.due+r.between(-4, 6), it.day+1)
			}
		case it.day >= -28 && it.day <= -5 && r.chance(0.12):
			f := p.promise(r, i, true)
			f.due = it.day + r.between(1, 3)
			f.finish(r, f.due+r.between(-1, 1), it.day+1)
		}
	}

	scale := float64(len(p.people)) / standardMembers
	n := func(per300, least int) int { return max(least, int(math.Round(float64(per300)*scale))) }
	recent := []int{}
	for i := range p.interactions {
		if p.interactions[i].day >= -28 {
			recent = append(recent, i)
		}
	}
	shuffle(r, recent)
	// open adds a follow-up still open on load day, made from an
	// interaction in [lo, hi] when there is one left, else on its own.
	open := func(lo, hi int) *followUp {
		if r.chance(0.8) {
			for _, i := range recent {
				if it := &p.interactions[i]; it.followUp < 0 && it.day >= lo && it.day <= hi {
					return p.promise(r, i, false)
				}
			}
		}
		return p.standalone(r, p.cal.workday(r.between(lo, hi), lo))
	}
	snoozedOverdue, snoozedUpcoming := min(1, n(5, 1)-1), n(2, 0)
	for k := range n(5, 1) {
		if k < snoozedOverdue {
			f := open(-28, -12)
			f.due = f.day + r.between(2, 5)
			f.snoozed, f.snoozedOn, f.snoozeTill = true, f.due, r.between(max(f.due+1, -6), -2)
			continue
		}
		f := open(-21, -2)
		f.due = r.between(f.day+1, -1)
	}
	for range n(2, 1) {
		open(-14, -1).due = 0
	}
	for k := range n(10, 2) {
		if k < snoozedUpcoming {
			f := open(-21, -4)
			f.due = r.between(f.day+1, -2)
			f.snoozed, f.snoozedOn, f.snoozeTill = true, f.due, r.between(2, 14)
			continue
		}
		f := open(-14, 0)
		f.due = r.between(1, 21)
	}
}

// promise adds a follow-up to interaction i, owned by whoever logged it
// (byLogger) or, mostly, by the demo owner, so "my follow-ups" has plenty.
func (p *plan) promise(r *rng, i int, byLogger bool) *followUp {
	it := &p.interactions[i]
	who := &p.people[it.people[0]]
	f := followUp{interaction: i, person: it.people[0], day: it.day, minute: it.minute,
		what: promiseText(r, it.context, who)}
	switch {
	case r.chance(0.1):
		f.owner = -1 // the whole team
	case byLogger || r.chance(0.4):
		f.owner = it.users[0]
	default:
		f.owner = owner
	}
	p.followUps = append(p.followUps, f)
	it.followUp = len(p.followUps) - 1
	return &p.followUps[len(p.followUps)-1]
}

// standalone adds a follow-up noted on its own on day, about a key member
// when there are any, otherwise about someone active then.
func (p *plan) standalone(r *rng, day int) *followUp {
	person, ctx := -1, ""
	if len(p.keys) > 0 && r.chance(0.7) {
		km := pick(r, p.keys)
		person, ctx = km.person, contextOfGroup[km.groups[0]]
	} else {
		for range 50 {
			if i := r.IntN(len(p.people)); p.people[i].from <= day && p.people[i].to >= 0 && !p.people[i].planted {
				person = i
				break
			}
		}
	}
	f := followUp{interaction: -1, person: person, day: day, minute: r.between(9*60, 17*60), owner: owner}
	if person >= 0 {
		f.what = promiseText(r, ctx, &p.people[person])
	} else {
		f.what = "Update the community calendar"
	}
	p.followUps = append(p.followUps, f)
	return &p.followUps[len(p.followUps)-1]
}

// finish marks f done on day, kept between earliest and yesterday.
func (f *followUp) finish(r *rng, day, earliest int) {
	f.done, f.doneOn = true, min(max(day, earliest), -1)
	f.doneMinute = r.between(9*60, 18*60)
	if f.doneOn == f.day {
		f.doneMinute = f.minute + r.between(20, 90)
	}
}

// promiseText is what the team promised someone, in the words of ctx.
func promiseText(r *rng, ctx string, p *person) string {
	texts := generalFollowUps
	if own := followUpTexts[ctx]; len(own) > 0 && r.chance(0.7) {
		texts = own
	}
	return fill(pick(r, texts), vars(r, p, nil))
}
