package demo

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/trellis-community/trellis/internal/programming"
)

// Who came to the demo's past sessions, and who registered for the next
// few weeks'. Each programme has its regulars, who come most times, and
// draws a few newcomers each time: a community call has 15 to 60 people,
// mostly the same faces; a training course keeps its cohort; office hours
// see a handful. Member hosts are listed as hosts, and each community call
// has a member giving its lightning talk.

// turnout is how a kind of programme fills: its regulars, the chance each
// comes, and the newcomers a date draws.
type turnout struct {
	regulars       int
	come           float64
	newLo, newHi   int
	noShow         float64 // registered but did not come
	registerAhead  int     // registrations for an upcoming date
	speakerEachOne bool
}

var turnouts = map[programming.Kind]turnout{
	programming.CommunityCall:  {regulars: 30, come: 0.7, newLo: 3, newHi: 14, noShow: 0.15, registerAhead: 18, speakerEachOne: true},
	programming.Workshop:       {regulars: 6, come: 0.6, newLo: 10, newHi: 22, noShow: 0.2, registerAhead: 15},
	programming.TrainingCourse: {regulars: 20, come: 0.85, newLo: 0, newHi: 1, noShow: 0.05},
	programming.OfficeHours:    {regulars: 5, come: 0.3, newLo: 1, newHi: 5},
	programming.WorkingGroup:   {regulars: 10, come: 0.75, newLo: 0, newHi: 2, noShow: 0.1, registerAhead: 6},
	programming.Hackathon:      {regulars: 8, come: 0.9, newLo: 8, newHi: 16, noShow: 0.1},
	programming.Mentoring:      {regulars: 8, come: 0.7, newLo: 0, newHi: 2, registerAhead: 5},
	programming.Webinar:        {regulars: 10, come: 0.5, newLo: 25, newHi: 50, noShow: 0.3, registerAhead: 30},
}

// loadAttendance records the lists of the past year's occurrences and
// registrations for the next four weeks', through the programming
// service.
func (r *runner) loadAttendance() error {
	// Each list is recorded the evening after its date (registrations
	// for dates to come, on load day), so the registrations and the
	// audit log are dated as a team would have made them.
	now := r.p.cal.now
	stamp := now
	svc := *r.a.Programming
	svc.Now = func() time.Time { return stamp }
	occ, err := svc.Occurrences(r.ctx, now.AddDate(-1, 0, 0), now.AddDate(0, 0, 28), 0)
	if err != nil {
		return err
	}
	var pool []int64 // members who take part, by person index
	person := map[int64]int{}
	for i, ps := range r.p.people {
		if ps.archive == 0 && r.memberIDs[i] != 0 {
			pool = append(pool, r.memberIDs[i])
			person[r.memberIDs[i]] = i
		}
	}
	// People come while they take part in the community at all: not
	// after they drifted away, nor before they joined (see activeOn).
	active := func(id int64, o programming.Occurrence) bool {
		day := int(math.Floor(o.Start.Sub(r.p.cal.today).Hours() / 24))
		return o.Start.After(now) || r.p.activeOn(person[id], day)
	}
	// A programme's regulars are people who took part all year.
	var steady []int64
	for _, id := range pool {
		if r.p.activeOn(person[id], -365) && r.p.activeOn(person[id], 0) {
			steady = append(steady, id)
		}
	}
	if len(pool) == 0 {
		return nil
	}
	rng := newRNG(r.p.seed, "attendance")
	regulars := map[int64][]int64{}
	programmes := map[int64]programming.Programme{}
	ctx := r.actor(owner)
	for _, o := range occ {
		p, ok := programmes[o.ProgrammeID]
		if !ok {
			if p, err = svc.GetProgramme(ctx, o.ProgrammeID); err != nil {
				return err
			}
			programmes[o.ProgrammeID] = p
			regulars[p.ID] = sample(rng, steady, turnouts[p.Kind].regulars)
		}
		t, ok := turnouts[p.Kind]
		if !ok {
			continue
		}
		people := r.dateList(rng, t, p, regulars[p.ID], pool, o, now, active)
		if len(people) == 0 {
			continue
		}
		stamp = o.End.Add(3 * time.Hour)
		if stamp.After(now) {
			stamp = now
		}
		if _, err := svc.RecordAttendance(ctx, o.SessionID, o.OccurrenceName(), people); err != nil {
			return fmt.Errorf("demo attendance of %q on %s: %w", o.Title, o.Start.Format(time.DateOnly), err)
		}
	}
	return nil
}

// dateList draws the list of one occurrence: who came (or, for a date
// not yet started or cancelled, who registered).
func (r *runner) dateList(rng *rng, t turnout, p programming.Programme, regulars, pool []int64, o programming.Occurrence,
	now time.Time, active func(int64, programming.Occurrence) bool) []programming.AttendanceInput {
	ahead := o.Cancelled || o.Start.After(now)
	var ids []int64
	for _, id := range regulars {
		if rng.chance(t.come) && active(id, o) {
			ids = append(ids, id)
		}
	}
	for _, id := range sample(rng, pool, rng.between(t.newLo, t.newHi)) {
		if !slices.Contains(ids, id) && active(id, o) {
			ids = append(ids, id)
		}
	}
	if ahead {
		ids = ids[:min(len(ids), t.registerAhead)]
	}
	var out []programming.AttendanceInput
	listed := map[int64]bool{}
	add := func(id int64, part programming.Part, came programming.Attended) {
		if listed[id] {
			return
		}
		listed[id] = true
		in := programming.AttendanceInput{MemberID: id, Role: &part}
		if !ahead {
			in.Attended = &came
		}
		out = append(out, in)
	}
	for _, h := range p.HostNames {
		if h.MemberID != 0 && (!ahead || len(ids) > 0) {
			add(h.MemberID, programming.PartHost, programming.AttendedYes)
		}
	}
	if t.speakerEachOne && len(ids) > 0 {
		add(ids[rng.IntN(len(ids))], programming.PartSpeaker, programming.AttendedYes)
	}
	for _, id := range ids {
		came := programming.AttendedYes
		if rng.chance(t.noShow) {
			came = programming.AttendedNo
		}
		add(id, programming.PartAttendee, came)
	}
	return out
}
