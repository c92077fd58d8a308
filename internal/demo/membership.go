package demo

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/members"
)

var (
	statuses       = []members.Status{members.StatusProspective, members.StatusActive, members.StatusLapsed, members.StatusAlumni}
	statusWeights  = []float64{6, 78, 10, 6}
	engagement     = []float64{0.3, 1, 4, 12} // how often someone turns up: 90-9-1, roughly
	engagementOdds = []float64{60, 28, 10, 2}
)

// membership decides when and how someone joined, where they stand now,
// what they agreed to, and how often they turn up.
func (g *peopleGen) membership(p *person, rl role) {
	r, m, cal := g.r, &p.m, g.cal
	newcomer := rl.newcomer
	m.Status = pickWeighted(r, statuses, statusWeights)
	if newcomer || rl.veteran {
		m.Status = members.StatusActive
	}
	m.Source = pickWeighted(r, sources, sourceWeights)
	if newcomer && r.chance(0.5) {
		m.Source = "website signup"
	}
	m.Consent.Contact = r.chance(0.92)
	switch m.Status {
	case members.StatusProspective:
		m.Consent.Contact = r.chance(0.5)
	case members.StatusAlumni:
		m.Consent.Contact = r.chance(0.4)
	}
	if m.Consent.Contact {
		m.Consent.Basis = choose(r.chance(0.7) && m.Status != members.StatusProspective, "consent", "legitimate_interest")
	}

	p.join = g.joinDay()
	switch {
	case newcomer:
		p.join = r.between(cal.monthStart(), 0)
	case m.Status == members.StatusLapsed && p.join > -540:
		p.join = r.between(-joinSpan, -540)
	case m.Status == members.StatusAlumni && p.join > -400:
		p.join = r.between(-joinSpan, -400)
	case rl.veteran && p.join > importDay-30:
		p.join = r.between(-joinSpan, importDay-30)
	}
	p.add = max(p.join, importDay)
	m.JoinedOn = cal.date(p.join)
	if m.Status == members.StatusProspective {
		// Not joined yet: noted at an event, before this month so the
		// dashboard's "new this month" counts only people who joined.
		m.JoinedOn = ""
		p.add = importDay
		if r.chance(0.5) {
			p.add = r.between(-330, cal.monthStart()-1)
		}
		p.join = p.add
	}
	if m.Consent.Contact {
		m.Consent.Date = cal.date(p.join)
	}
	p.from, p.to = p.add, 0
	switch m.Status {
	case members.StatusLapsed:
		p.to = r.between(-330, -150)
	case members.StatusAlumni:
		p.to = r.between(-300, -100)
		if r.chance(0.3) {
			p.archive = r.between(p.to+1, -7)
		}
	}
}

// joinDay draws the day a member joined: over the past four years, more
// of them lately as the community grew, and never this month (newcomers
// are placed there on purpose, so the count is the same every load).
func (g *peopleGen) joinDay() int {
	end := g.cal.monthStart() - 1
	span := float64(joinSpan + end)
	return end - int(span*math.Pow(g.r.Float64(), 1.3))
}

// duplicates plants the two near-duplicates the merge page shows: someone
// who signed up again through the website typing their address in
// capitals, and someone imported from a workshop list under their name
// written family name first, with the same ORCID iD.
func (g *peopleGen) duplicates(people []person) []person {
	r := g.r
	a := g.source(people, func(p *person) bool { return len(p.m.Emails) > 0 })
	dupA := g.twin(a)
	dupA.m.Name = plain(a.m.Name)
	if dupA.m.Name == a.m.Name {
		first, _ := utf8.DecodeRuneInString(a.given)
		dupA.m.Name = string(first) + ". " + a.family
	}
	dupA.m.Emails = []members.Email{{Address: capitalise(a.m.PrimaryEmail())}}
	dupA.m.Source = "website signup"
	dupA.join = r.between(g.cal.monthStart()-60, g.cal.monthStart()-5)

	b := g.source(people, func(p *person) bool { return p.m.ORCID != "" && strings.Contains("CN JP KR", p.org.country.code) })
	if b == nil {
		b = g.source(people, func(p *person) bool { return p.m.ORCID != "" })
	}
	if b == nil {
		b = g.source(people, func(*person) bool { return true })
		b.m.ORCID = g.orcid()
	}
	// makePeople calls this with at least eight people, so both pairs
	// find someone to copy.
	dupB := g.twin(b)
	dupB.m.Name = b.family + " " + b.given
	dupB.m.ORCID = b.m.ORCID
	dupB.m.Emails = []members.Email{{Address: g.u.claim("email", compact(b.given)+compact(b.family)+"@mail.example")}}
	dupB.m.Source = "import:csv"
	dupB.join = r.between(-200, -120)

	out := []person{dupA, dupB}
	for i := range out {
		d := &out[i]
		d.add, d.from = d.join, d.join
		d.m.JoinedOn = g.cal.date(d.join)
	}
	return out
}

// source finds a long-standing active member matching ok, starting at a
// random place, and marks them so they are not made key. In a tiny
// community with no such member anyone unmarked will do.
func (g *peopleGen) source(people []person, ok func(*person) bool) *person {
	start := g.r.IntN(len(people))
	for _, strict := range []bool{true, false} {
		for i := range people {
			p := &people[(start+i)%len(people)]
			if !p.planted && ok(p) && (!strict || p.m.Status == members.StatusActive && p.join < importDay) {
				p.planted = true
				return p
			}
		}
	}
	return nil
}

// twin is the sparse record a second sign-up leaves: same person, same
// workplace, little else.
func (g *peopleGen) twin(p *person) person {
	return person{org: p.org, given: p.given, family: p.family, first: p.first, weight: 0.3, planted: true, m: members.Member{
		Affiliation: p.m.Affiliation, Country: p.m.Country, TimeZone: p.m.TimeZone,
		CareerStage: p.m.CareerStage, Status: members.StatusActive,
	}}
}

// plain is s with its accents removed but its capitals kept: "Sofía
// Ramírez" becomes "Sofia Ramirez".
func plain(s string) string {
	var b strings.Builder
	for _, r := range s {
		f, ok := asciiFolds[unicode.ToLower(r)]
		switch {
		case !ok:
			b.WriteRune(r)
		case unicode.IsUpper(r):
			b.WriteString(strings.ToUpper(f[:1]) + f[1:])
		default:
			b.WriteString(f)
		}
	}
	return b.String()
}

// capitalise writes an address the way some people type it:
// "ada.lovelace@x" becomes "Ada.Lovelace@x".
func capitalise(addr string) string {
	local, domain, _ := strings.Cut(addr, "@")
	parts := strings.Split(local, ".")
	for i, p := range parts {
		if p != "" {
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, ".") + "@" + domain
}
