package demo

import (
	"slices"

	"github.com/trellis-community/trellis/internal/members"
)

// everydayMax is the most interactions everyday lays out for budget
// among people: a welcome call for at most each of them, then more until
// there are budget in all, one at a time.
func everydayMax(people, budget int) int { return max(people, budget) }

// everydayKinds are the kinds of everyday contact with members who are
// not key, and how common each is.
var (
	everydayKinds   = []string{ctxQuestion, ctxEvent, ctxCall, ctxMentoring, ctxLapsed, ctxProspect, ctxOther}
	everydayWeights = []float64{34, 20, 18, 8, 5, 5, 10}
)

// everyday lays out about budget interactions with the rest of the
// community over the year: welcome calls for newcomers, questions,
// conversations at events, mentoring introductions, a check-in with
// someone who drifted away. A few people turn up often and most rarely,
// and nobody is met before they joined or after they moved on. It appends
// them to out and returns it; with room for everydayMax more, out is
// never copied (a million interactions copied as the slice grows cost a
// few seconds of the benchmark load).
func everyday(r *rng, cal calendar, people []person, budget int, out []interaction) []interaction {
	start := len(out)
	weights := make([]float64, len(people))
	var mentors, ecrs, lapsed, prospects []int
	for i := range people {
		p := &people[i]
		if p.key {
			continue // the key members' year is planned in keyContacts
		}
		switch p.m.Status {
		case members.StatusProspective:
			prospects = append(prospects, i)
			continue
		case members.StatusLapsed:
			lapsed = append(lapsed, i)
		}
		weights[i] = p.weight
		if p.mentor {
			mentors = append(mentors, i)
		}
		if p.ecr {
			ecrs = append(ecrs, i)
		}
	}
	w := newWeighted(weights)
	// around reports whether person i can be met on day.
	around := func(i, day int) bool { return people[i].from <= day && day <= people[i].to }
	// who draws someone who is around on day, the keen ones more often,
	// or -1 when nobody turns up.
	who := func(day int) int {
		for range 30 {
			if i := w.draw(r); i >= 0 && around(i, day) {
				return i
			}
		}
		return -1
	}
	whoOf := func(day int, list []int) int {
		for range 30 {
			if len(list) == 0 {
				break
			}
			if i := pick(r, list); around(i, day) {
				return i
			}
		}
		return -1
	}

	add := func(ctx string, day int, ps ...int) {
		it := interaction{day: day, context: ctx, channel: pick(r, channelsFor[ctx]), people: ps}
		var other *person
		if len(ps) > 1 {
			other = &people[ps[1]]
		}
		out = append(out, written(r, it, &people[ps[0]], other))
	}
	for i := range people {
		p := &people[i]
		if !p.key && p.m.Status == members.StatusActive && p.join >= -historyDays && p.join == p.add && r.chance(0.45) {
			add(ctxWelcome, cal.workday(min(p.join+r.between(0, 10), 0), p.join), i)
		}
	}
	for tries := 0; len(out)-start < budget && tries < 5*budget; tries++ {
		day := cal.workday(-r.IntN(historyDays+1), -historyDays)
		switch ctx := pickWeighted(r, everydayKinds, everydayWeights); ctx {
		case ctxEvent:
			var ps []int
			for range r.between(2, 5) {
				if i := who(day); i >= 0 && !slices.Contains(ps, i) {
					ps = append(ps, i)
				}
			}
			if len(ps) > 0 {
				add(ctx, day, ps...)
			}
		case ctxMentoring:
			mentee, mentor := whoOf(day, ecrs), whoOf(day, mentors)
			if mentee >= 0 && mentor >= 0 {
				add(ctx, day, mentee, mentor)
			}
		case ctxLapsed:
			if len(lapsed) > 0 {
				i := pick(r, lapsed)
				p := &people[i]
				add(ctx, cal.workday(r.between(max(p.from, p.to-30), p.to), p.from), i)
			}
		case ctxProspect:
			if len(prospects) > 0 {
				i := pick(r, prospects)
				add(ctx, cal.workday(r.between(people[i].from, 0), people[i].from), i)
			}
		default:
			if i := who(day); i >= 0 {
				add(ctx, day, i)
			}
		}
	}
	return out
}
