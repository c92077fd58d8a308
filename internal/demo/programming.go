package demo

import (
	"fmt"
	"slices"
	"time"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/programming"
)

// A year of programming: about twelve months back and three ahead. It is
// built to leave gaps the content and programming audit must find:
//   - no programme offers the co-create mode (members never shape the
//     community with its hosts here), however much else is on offer;
//   - every live session is in the Berlin afternoon (the community calls
//     all at 16:00 Europe/Berlin), which is night in East Asia and Oceania;
//   - nothing serves the data-stewardship curriculum goal.
// Programmes, and a few sessions of their own, serve the other goals.

// demoZone is where the team plans its sessions.
const demoZone = "Europe/Berlin"

// demoProgramme is one programme and its sessions.
type demoProgramme struct {
	in       programming.ProgrammeInput
	hosts    []demoHost
	sessions []demoSession
	goals    []demoLink
}

type demoHost struct {
	user   int // team index, or -1
	person int // person index (a member), or -1
	role   programming.Role
}

type demoSession struct {
	title      string
	start      time.Time // wall clock in Berlin
	minutes    int
	rule       string
	status     programming.SessionStatus
	location   string
	skip, move []time.Time // occurrences to skip or move (moved by a day)
	cancel     []time.Time
	goals      []demoLink // what this session serves beyond its programme
}

// loadProgramming stores the demo's programming, stamped with the load
// time, through the programming service.
func (r *runner) loadProgramming() error {
	svc := *r.a.Programming
	svc.Now = func() time.Time { return r.p.cal.now }
	berlin, err := time.LoadLocation(demoZone)
	if err != nil {
		return err
	}
	for _, dp := range r.demoProgrammes(berlin) {
		in := dp.in
		in.Goals = r.goalLinks(dp.goals)
		for _, h := range dp.hosts {
			var hi programming.HostInput
			switch {
			case h.user >= 0:
				hi = programming.HostInput{UserID: r.users[h.user], Role: h.role}
			case h.person < len(r.memberIDs):
				hi = programming.HostInput{MemberID: r.memberIDs[h.person], Role: h.role}
			default:
				continue
			}
			// A tiny demo has fewer members than hosts to name.
			if !slices.Contains(in.Hosts, hi) {
				in.Hosts = append(in.Hosts, hi)
			}
		}
		ctx := r.actor(owner)
		prog, err := svc.CreateProgramme(ctx, in)
		if err != nil {
			return fmt.Errorf("demo programme %q: %w", in.Title, err)
		}
		for _, ds := range dp.sessions {
			status := ds.status
			if status == "" {
				status = programming.Scheduled
			}
			s, err := svc.CreateSession(ctx, prog.ID, programming.SessionInput{Title: ds.title,
				Start: ds.start.Format("2006-01-02T15:04"), End: ds.start.Add(time.Duration(ds.minutes) * time.Minute).Format("2006-01-02T15:04"),
				TimeZone: demoZone, Location: ds.location, JoinURL: joinURL(ds.location), Status: status, RRule: ds.rule,
				Goals: r.goalLinks(ds.goals)})
			if err != nil {
				return fmt.Errorf("demo session of %q: %w", in.Title, err)
			}
			changes := []programming.OccurrenceChange{}
			for _, t := range ds.skip {
				changes = append(changes, programming.OccurrenceChange{Original: t.Format("2006-01-02T15:04"), Action: programming.Skip})
			}
			for _, t := range ds.move {
				to := t.AddDate(0, 0, 1)
				changes = append(changes, programming.OccurrenceChange{Original: t.Format("2006-01-02T15:04"), Action: programming.Move,
					Start: to.Format("2006-01-02T15:04"), End: to.Add(time.Duration(ds.minutes) * time.Minute).Format("2006-01-02T15:04")})
			}
			for _, t := range ds.cancel {
				changes = append(changes, programming.OccurrenceChange{Original: t.Format("2006-01-02T15:04"), Action: programming.CancelOne})
			}
			for _, c := range changes {
				if _, err := svc.ChangeOccurrence(ctx, s.ID, 0, c); err != nil {
					return fmt.Errorf("demo change %s of %q: %w", c.Action, in.Title, err)
				}
			}
		}
	}
	return nil
}

func joinURL(location string) string {
	if location == "Online" {
		return "https://meet.example.org/open-research-community"
	}
	return ""
}

// nthWeekday is the n-th (1-based; -1 the last) weekday wd of the month
// months away from this one, at hour:min in loc.
func (r *runner) nthWeekday(months int, wd time.Weekday, n, hour, min int, loc *time.Location) time.Time {
	today := r.p.cal.today
	first := time.Date(today.Year(), today.Month()+time.Month(months), 1, hour, min, 0, 0, loc)
	if n < 0 {
		last := first.AddDate(0, 1, -1)
		return last.AddDate(0, 0, -((int(last.Weekday()) - int(wd) + 7) % 7))
	}
	return first.AddDate(0, 0, (int(wd)-int(first.Weekday())+7)%7+7*(n-1))
}

// mentors are the people who host member-led programmes: the first
// mentors in the plan, else the first people.
func (r *runner) mentors(n int) []int {
	var out []int
	for i, ps := range r.p.people {
		if ps.mentor && ps.archive == 0 && len(out) < n {
			out = append(out, i)
		}
	}
	for i := 0; len(out) < n && i < len(r.p.people); i++ {
		out = append(out, i)
	}
	return out
}

func (r *runner) demoProgrammes(berlin *time.Location) []demoProgramme {
	at := func(months int, wd time.Weekday, n, hour int) time.Time {
		return r.nthWeekday(months, wd, n, hour, 0, berlin)
	}
	m := r.mentors(4)
	host := func(i int, role programming.Role) demoHost {
		return demoHost{user: -1, person: m[i%len(m)], role: role}
	}
	team := func(u int, role programming.Role) demoHost { return demoHost{user: u, person: -1, role: role} }
	spoken, written, handsOn := participation.Spoken, participation.Written, participation.HandsOn
	live, own := participation.Synchronous, participation.Asynchronous
	convey, contribute, collaborate := participation.Convey, participation.Contribute, participation.Collaborate
	callStart := at(-12, time.Tuesday, 1, 16)
	return []demoProgramme{
		{in: programming.ProgrammeInput{Kind: programming.CommunityCall, Title: "Monthly community call",
			Description: "An hour together on the first Tuesday of every month: community news, a lightning talk by a member, and open questions.",
			Format:      programming.Online, Modalities: []participation.Modality{spoken}, Timings: []participation.Timing{live},
			MinutesPerSession: 60, HoursPerMonth: 1, SkillLevel: programming.AllLevels,
			Modes:         []participation.Mode{convey, contribute},
			Accessibility: []programming.Access{programming.Captions, programming.Recordings}, Status: programming.Open},
			goals: []demoLink{serves(goalConnect, "Members from every region meet once a month, and the open questions often end in an introduction."),
				serves(goalMemberLed, "A member gives the lightning talk each month: a first, small step to leading a session.")},
			hosts: []demoHost{team(owner, programming.Host), host(0, programming.Facilitator)},
			sessions: []demoSession{{start: callStart, minutes: 60, rule: "FREQ=MONTHLY;BYDAY=1TU;UNTIL=" +
				at(4, time.Monday, 1, 0).UTC().Format("20060102T150405Z"), location: "Online",
				// One call skipped for a holiday, one moved a day later
				// for a clash, one called off at short notice.
				skip: []time.Time{at(-4, time.Tuesday, 1, 16)}, move: []time.Time{at(-2, time.Tuesday, 1, 16)},
				cancel: []time.Time{at(-7, time.Tuesday, 1, 16)}}}},
		{in: programming.ProgrammeInput{Kind: programming.Workshop, Title: "Reproducible notebooks workshop",
			Description: "Hands-on: from a messy notebook to a reproducible analysis others can rerun.",
			Format:      programming.Hybrid, Modalities: []participation.Modality{handsOn, spoken}, Timings: []participation.Timing{live},
			MinutesPerSession: 180, SkillLevel: programming.Beginner, Modes: []participation.Mode{contribute, collaborate},
			Accessibility: []programming.Access{programming.MaterialsShared}, Status: programming.Open},
			goals: []demoLink{serves(goalReproducible, "Participants leave with a notebook anyone can rerun, and the materials to teach it in their lab.")},
			hosts: []demoHost{team(1, programming.Host), host(1, programming.Facilitator)},
			sessions: []demoSession{
				{title: "Reproducible notebooks: spring edition", start: at(-9, time.Wednesday, 2, 15), minutes: 180, location: "Online"},
				{title: "Reproducible notebooks: autumn edition", start: at(-3, time.Wednesday, 2, 15), minutes: 180, location: "Online"},
				{title: "Reproducible notebooks: next edition", start: at(1, time.Wednesday, 2, 15), minutes: 180, location: "Online",
					goals: []demoLink{serves(goalECR, "Half the places are held for early career researchers, who asked for it in the survey.")}}}},
		{in: programming.ProgrammeInput{Kind: programming.TrainingCourse, Title: "Research software foundations",
			Description: "Six weekly sessions on version control, testing and packaging, with exercises between them.",
			Format:      programming.Online, Modalities: []participation.Modality{written, handsOn}, Timings: []participation.Timing{live, own},
			MinutesPerSession: 90, HoursPerMonth: 10, SkillLevel: programming.Beginner, Modes: []participation.Mode{convey, contribute},
			Accessibility: []programming.Access{programming.Recordings, programming.MaterialsShared}, Status: programming.Completed,
			Outcomes: "Eighteen people finished all six sessions; four went on to the working group."},
			goals: []demoLink{serves(goalReproducible, "Version control, tests and packaging are the habits that make research code reusable."),
				serves(goalECR, "Most of those who finished were PhD students and postdocs; four of them joined the working group.")},
			hosts:    []demoHost{team(2, programming.Host)},
			sessions: []demoSession{{start: at(-5, time.Thursday, 1, 16), minutes: 90, rule: "FREQ=WEEKLY;BYDAY=TH;COUNT=6", location: "Online"}}},
		{in: programming.ProgrammeInput{Kind: programming.OfficeHours, Title: "Data management office hours",
			Description: "Drop in with a question about data management plans, repositories or licences.",
			Format:      programming.Online, Modalities: []participation.Modality{spoken}, Timings: []participation.Timing{live},
			MinutesPerSession: 60, SkillLevel: programming.AllLevels, Modes: []participation.Mode{contribute}, Status: programming.Open},
			goals:    []demoLink{serves(goalReproducible, "Answers the questions that stop people sharing their data: plans, repositories, licences.")},
			hosts:    []demoHost{team(1, programming.Host)},
			sessions: []demoSession{{start: at(-10, time.Wednesday, 1, 17), minutes: 60, rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", location: "Online"}}},
		{in: programming.ProgrammeInput{Kind: programming.WorkingGroup, Title: "Metadata standards working group",
			Description: "Members drafting shared metadata guidance for the community's datasets.",
			Format:      programming.Online, Modalities: []participation.Modality{written, spoken}, Timings: []participation.Timing{live, own},
			MinutesPerSession: 60, HoursPerMonth: 4, SkillLevel: programming.Intermediate, Modes: []participation.Mode{collaborate},
			Accessibility: []programming.Access{programming.MaterialsShared}, Status: programming.Open},
			// Member-led: two members run it; the team only facilitates.
			goals: []demoLink{serves(goalMemberLed, "Two members run it and set its agenda; the team only books the calls and takes notes."),
				serves(goalReproducible, "Its metadata guidance is what members will follow when they deposit their datasets.")},
			hosts:    []demoHost{host(2, programming.Host), host(3, programming.Host), team(2, programming.Facilitator)},
			sessions: []demoSession{{start: at(-8, time.Thursday, -1, 16), minutes: 60, rule: "FREQ=MONTHLY;BYDAY=-1TH", location: "Online"}}},
		{in: programming.ProgrammeInput{Kind: programming.Hackathon, Title: "Data rescue hackathon",
			Description: "Two afternoons rescuing legacy datasets into open formats.",
			Format:      programming.InPerson, Modalities: []participation.Modality{handsOn}, Timings: []participation.Timing{live},
			MinutesPerSession: 180, SkillLevel: programming.AllLevels, Modes: []participation.Mode{collaborate},
			Status: programming.Completed, Outcomes: "Twelve datasets converted and deposited."},
			goals: []demoLink{serves(goalConnect, "Brought together people from six fields who had never worked together."),
				serves(goalReproducible, "Legacy datasets rescued into open formats, with the steps written up for others.")},
			hosts: []demoHost{team(owner, programming.Host), host(1, programming.Facilitator)},
			sessions: []demoSession{
				{title: "Data rescue hackathon, day 1", start: at(-6, time.Friday, 2, 15), minutes: 180, location: "Berlin, community hub"},
				{title: "Data rescue hackathon, day 2", start: at(-6, time.Friday, 2, 15).AddDate(0, 0, 1), minutes: 180, location: "Berlin, community hub",
					goals: []demoLink{serves(goalImpact, "The closing show-and-tell gave us the twelve rescued datasets as an impact story for the funder report.")}}}},
		{in: programming.ProgrammeInput{Kind: programming.Mentoring, Title: "Early-career mentoring circle",
			Description: "Monthly small-group mentoring for early-career researchers, led by experienced members.",
			Format:      programming.Online, Audience: members.Audience{CareerStages: []members.CareerStage{members.StageStudent, members.StageEarlyCareer}},
			Modalities: []participation.Modality{spoken}, Timings: []participation.Timing{live}, MinutesPerSession: 60, HoursPerMonth: 2,
			SkillLevel: programming.Beginner, Modes: []participation.Mode{contribute, collaborate}, Status: programming.Open},
			goals: []demoLink{serves(goalECR, "Small circles where early career researchers find a mentor and peers at the same stage."),
				serves(goalMemberLed, "Experienced members lead every circle; the team only matches people.")},
			hosts:    []demoHost{host(0, programming.Host)},
			sessions: []demoSession{{start: at(-11, time.Monday, 2, 16), minutes: 60, rule: "FREQ=MONTHLY;BYDAY=2MO", location: "Online"}}},
		{in: programming.ProgrammeInput{Kind: programming.Webinar, Title: "Open data policy webinar",
			Description: "What the new funder policies ask of research data, and how to meet them.",
			Format:      programming.Online, Modalities: []participation.Modality{spoken}, Timings: []participation.Timing{live},
			MinutesPerSession: 45, SkillLevel: programming.AllLevels, Modes: []participation.Mode{convey},
			Accessibility: []programming.Access{programming.Captions, programming.Recordings}, Status: programming.Completed},
			goals:    []demoLink{serves(goalReproducible, "Explains what open data mandates ask, so members can meet them with good practice rather than paperwork.")},
			hosts:    []demoHost{team(1, programming.Host)},
			sessions: []demoSession{{start: at(-3, time.Tuesday, 3, 16), minutes: 45, location: "Online"}}},
		{in: programming.ProgrammeInput{Kind: programming.Webinar, Title: "Funding landscape webinar",
			Description: "An overview of the year's calls for community and infrastructure funding.",
			Format:      programming.Online, Modalities: []participation.Modality{spoken}, Timings: []participation.Timing{live},
			MinutesPerSession: 45, SkillLevel: programming.AllLevels, Modes: []participation.Mode{convey}, Status: programming.Planned,
			Notes: "The first date was called off when the speaker fell ill; rebooked for next month."},
			goals: []demoLink{serves(goalImpact, "We invite programme officers to speak, and they hear from members what the community does.")},
			hosts: []demoHost{team(2, programming.Host)},
			sessions: []demoSession{
				{start: at(-1, time.Tuesday, 3, 16), minutes: 45, location: "Online", status: programming.SessionCancelled},
				{start: at(1, time.Tuesday, 3, 16), minutes: 45, location: "Online"}}},
	}
}
