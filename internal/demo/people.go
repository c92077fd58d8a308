package demo

import (
	"math"
	"strconv"

	"github.com/trellis-community/trellis/internal/members"
)

// peopleGen makes up the members of the community.
type peopleGen struct {
	r        *rng
	cal      calendar
	u        *uniques
	orgs     []org
	academic weighted // over orgs, academic places only
	other    weighted // over orgs, funders, companies and non-profits
	cultures map[*country]weightedCultures
}

type weightedCultures struct {
	keys    []string
	weights []float64
}

// makePeople returns n members: realistic people from many cultures at
// institutions around the world, about a tenth of them new this month in
// a community of 300, and two planted pairs of duplicates for the merge
// page to find.
func makePeople(seed int64, cal calendar, n int) []person {
	g := &peopleGen{cal: cal, u: newUniques(), cultures: map[*country]weightedCultures{}}
	// About five members per place, never fewer places than the 60 of
	// the standard demo.
	g.orgs = organisations(newRNG(seed, "organisations"), max(48, n/5-len(fixedOrgs)))
	aw, ow := make([]float64, len(g.orgs)), make([]float64, len(g.orgs))
	for i, o := range g.orgs {
		if o.kind.academic() {
			aw[i] = o.weight
		} else {
			ow[i] = o.weight
		}
	}
	g.academic, g.other = newWeighted(aw), newWeighted(ow)
	for i := range countries {
		k, w := weightedKeys(countries[i].cultures)
		g.cultures[&countries[i]] = weightedCultures{k, w}
	}

	dups := 0
	if n >= 10 {
		dups = 2
	}
	// Roles the community must have people for: about ten newcomers in
	// 300, and long-standing members at funders and partner organisations
	// (twice as many as key funders and partners are needed) so the key
	// members of those groups are who they claim to be.
	var roles []role
	for range int(math.Round(float64(n) * 10 / standardMembers)) {
		roles = append(roles, role{newcomer: true})
	}
	var funders, partners []*org
	for i := range g.orgs {
		switch g.orgs[i].kind {
		case funder:
			funders = append(funders, &g.orgs[i])
		case company, nonprofit:
			partners = append(partners, &g.orgs[i])
		}
	}
	k := float64(keyCount(n))
	for i := range 2 * int(math.Round(k*4/35)) {
		roles = append(roles, role{veteran: true, place: funders[i%len(funders)]})
	}
	for i := range 2 * int(math.Round(k*5/35)) {
		roles = append(roles, role{veteran: true, place: partners[i%len(partners)]})
	}
	people := make([]person, 0, n)
	for i := range n - dups {
		// Each person draws from their own stream and draws dates last,
		// so the same seed gives the same people whatever day it is.
		g.r = newRNG(seed, "person "+strconv.Itoa(i))
		var rl role
		if i < len(roles) {
			rl = roles[i]
		}
		people = append(people, g.person(rl))
	}
	if dups > 0 {
		g.r = newRNG(seed, "duplicates")
		people = append(people, g.duplicates(people)...)
	}
	return people
}

// role is what makePeople needs someone to be; the zero value is anyone.
type role struct {
	newcomer bool // joined this month
	veteran  bool // joined well before the team started using Trellis
	place    *org // works here, outside academia
}

func (g *peopleGen) person(rl role) person {
	r := g.r
	stage := pickWeighted(r, stages, stageWeights)
	var o *org
	switch {
	case rl.place != nil:
		o, stage = rl.place, members.StageNonAcademic
	case stage == members.StageNonAcademic:
		o = &g.orgs[g.other.draw(r)]
	default:
		o = &g.orgs[g.academic.draw(r)]
	}
	cul := g.culture(o.country)
	female := r.chance(0.5)
	p := person{org: o}
	m := &p.m
	// Names are unique while the name tables allow it, so the only people
	// who look alike are the planted duplicates.
	for range 20 {
		g.name(&p, cul, female)
		if !g.u.taken["name "+m.Name] {
			break
		}
	}
	g.u.taken["name "+m.Name] = true
	if m.PreferredName != "" && g.u.taken["name "+m.PreferredName] {
		m.PreferredName, p.first = "", p.given // two Álexes would be confusing
	}
	g.u.taken["name "+m.DisplayName()] = true
	switch {
	case r.chance(0.03):
		m.Pronouns = "they/them"
	case r.chance(0.3):
		m.Pronouns = choose(female, "she/her", "he/him")
	}

	m.Affiliation, m.Country, m.TimeZone = o.name, o.country.code, o.zone
	if r.chance(0.04) {
		m.TimeZone = ""
	}
	m.CareerStage = stage
	if stage == members.StageNonAcademic {
		m.JobTitle = pick(r, orgTitles[o.kind])
	} else {
		m.JobTitle = pick(r, academicTitles[stage])
	}
	m.Emails = g.emails(p.given, p.family, o)
	if r.chance(choose(stage == members.StageNonAcademic || stage == members.StageUnknown, 0.15, 0.6)) {
		m.ORCID = g.orcid()
	}
	g.interests(&p)
	m.Languages = g.languages(o.country, cul)
	m.Identities = g.identities(p.given, p.family)
	g.preferences(m)
	p.weight = pickWeighted(r, engagement, engagementOdds)
	g.tags(&p)
	if r.chance(0.15) {
		m.Notes = fill(pick(r, memberNotes), vars(r, &p, nil))
	}
	// Last, because how many draws dates take depends on the load day.
	g.membership(&p, rl)
	return p
}

// name gives p a name in the tradition of cul: in Latin letters, and for
// some a preferred name in their own script or a nickname.
func (g *peopleGen) name(p *person, cul *culture, female bool) {
	r, m := g.r, &p.m
	given, givenScript := nameEntry(pick(r, choose(female, cul.female, cul.male)), female)
	family, familyScript := nameEntry(pick(r, cul.family), female)
	p.given, p.family, p.first = given, family, given
	if cul.twoFamilies > 0 && r.chance(cul.twoFamilies) {
		second, _ := nameEntry(pick(r, cul.family), female)
		if second != family {
			family, familyScript = family+" "+second, ""
		}
	}
	m.Name = given + " " + family
	if cul.familyFirst {
		m.Name = family + " " + pick(r, choose(female, cul.middleF, cul.middleM)) + " " + given
	}
	m.PreferredName = ""
	switch nick := nicknames[given]; {
	case givenScript != "" && familyScript != "" && r.chance(0.3):
		if cul.scriptFamilyFirst {
			m.PreferredName = familyScript + cul.scriptSep + givenScript
		} else {
			m.PreferredName = givenScript + cul.scriptSep + familyScript
		}
	case nick != "" && r.chance(0.5):
		m.PreferredName, p.first = nick, nick
	}
}

// culture picks the naming tradition of someone working in c: mostly one
// of the country's own, sometimes any, as research is an itinerant trade.
func (g *peopleGen) culture(c *country) *culture {
	if g.r.chance(0.12) {
		return &cultures[g.r.IntN(len(cultures))]
	}
	wc := g.cultures[c]
	return cultureByKey(pickWeighted(g.r, wc.keys, wc.weights))
}

// emails gives everyone an institutional address, and some a second one:
// an alias, or the address at the place they worked before.
func (g *peopleGen) emails(given, family string, o *org) []members.Email {
	gv, fm := compact(given), compact(family)
	if gv == "" || fm == "" { // a name of letters the fold table lacks
		gv, fm = "member", "demo"
	}
	forms := []string{gv + "." + fm, gv[:1] + "." + fm, gv[:1] + fm, fm + "." + gv}
	local := forms[len(o.name)%3:] // each place has its own house style
	cands := make([]string, len(local))
	for i, l := range local {
		cands[i] = l + "@" + o.domain
	}
	out := []members.Email{{Address: g.u.claim("email", cands...), Primary: true}}
	if g.r.chance(0.2) {
		domain := o.domain
		if prev := &g.orgs[g.academic.draw(g.r)]; g.r.chance(0.6) && prev.domain != o.domain {
			domain = prev.domain
		}
		out = append(out, members.Email{Address: g.u.claim("email", fm+"."+gv+"@"+domain, gv+fm+"@"+domain)})
	}
	return out
}

func (g *peopleGen) orcid() string {
	for {
		id := orcidFor(g.r.IntN(4_000_000))
		if !g.u.taken["orcid "+id] {
			g.u.taken["orcid "+id] = true
			return id
		}
	}
}

// interests gives a member one to four fields of expertise and a few
// interests besides, fewer for students.
func (g *peopleGen) interests(p *person) {
	r := g.r
	lo, hi := 1, 4
	switch p.m.CareerStage {
	case members.StageStudent:
		hi = 2
	case members.StageUnknown:
		lo, hi = 0, 1
	}
	seen := map[string]bool{}
	draw := func() string {
		for {
			var t string
			if r.chance(0.2) {
				t = pick(r, interestOnly)
			} else {
				t = pickWeighted(r, topics, topicWeights)
			}
			if !seen[t] {
				seen[t] = true
				return t
			}
		}
	}
	for range r.between(lo, hi) {
		t := pickWeighted(r, topics, topicWeights)
		if !seen[t] {
			seen[t] = true
			p.m.Expertise = append(p.m.Expertise, t)
		}
	}
	for range r.between(1, 4) {
		p.m.Interests = append(p.m.Interests, draw())
	}
}

// languages: English, the country's language, and often the language of
// home when it is another.
func (g *peopleGen) languages(c *country, cul *culture) []string {
	if g.r.chance(0.05) {
		return nil
	}
	out := []string{"English"}
	if len(c.languages) > 0 && g.r.chance(0.85) {
		out = append(out, c.languages[0])
	}
	if len(cul.languages) > 0 && g.r.chance(0.7) {
		out = append(out, pick(g.r, cul.languages))
	}
	if g.r.chance(0.1) {
		out = append(out, pick(g.r, []string{"Spanish", "French", "German", "Portuguese", "Mandarin"}))
	}
	return out
}

// identities gives some members handles on GitHub, the community forum
// and the fediverse. Handles are unique, so they only ever match on the
// planted duplicates.
func (g *peopleGen) identities(given, family string) []members.Identity {
	r := g.r
	gv, fm := compact(given), compact(family)
	if gv == "" || fm == "" {
		return nil
	}
	var out []members.Identity
	if r.chance(0.4) {
		h := g.u.claim("github", gv+fm, gv[:1]+fm, gv+"-"+fm, fm+gv[:1])
		out = append(out, members.Identity{Platform: "github", Handle: h})
	}
	if r.chance(0.3) {
		h := g.u.claim("discourse", gv+"_"+fm[:1], gv+"."+fm, gv+fm)
		out = append(out, members.Identity{Platform: "discourse", Handle: h})
	}
	if r.chance(0.15) {
		user := g.u.claim("mastodon", gv, gv+fm, gv+"_"+fm)
		server := pick(r, []string{"fediscience.example", "scholar.example", "hachyderm.example"})
		out = append(out, members.Identity{Platform: "mastodon", Handle: "@" + user + "@" + server})
	}
	return out
}

// preferences: how each member likes to take part, unknown for many.
func (g *peopleGen) preferences(m *members.Member) {
	r := g.r
	m.Preferences.Modality = pickWeighted(r, []string{"written", "spoken", "both", ""}, []float64{30, 12, 33, 25})
	m.Preferences.Timing = pickWeighted(r, []string{"synchronous", "asynchronous", "both", ""}, []float64{15, 30, 30, 25})
	if r.chance(0.55) {
		m.Preferences.HoursPerMonth = new(pick(r, []int{1, 2, 2, 4, 4, 5, 8, 10, 12, 20}))
	}
}

func (g *peopleGen) tags(p *person) {
	r, m := g.r, &p.m
	switch m.CareerStage {
	case members.StageStudent, members.StageEarlyCareer:
		p.ecr = r.chance(0.5)
		if p.ecr {
			m.Tags = append(m.Tags, tagECR)
		}
	case members.StageMidCareer, members.StageSenior:
		p.mentor = r.chance(0.25)
		if p.mentor {
			m.Tags = append(m.Tags, tagMentor)
		}
	}
	if r.chance(0.08) {
		m.Tags = append(m.Tags, tagSpeaker)
		p.weight *= 1.5
	}
	if r.chance(0.06) {
		m.Tags = append(m.Tags, tagTrainer)
	}
	if r.chance(0.03) {
		m.Tags = append(m.Tags, tagNewsletter)
	}
}

func choose[T any](cond bool, yes, no T) T {
	if cond {
		return yes
	}
	return no
}
