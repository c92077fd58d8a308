package demo

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/programming"
)

// A benchmark community's programming and content: a year of programmes
// (about twelve months back, two ahead) with their sessions and series,
// and content items spread over the same months, each serving one or two
// goals, drawn from the seed. The gaps of the standard demo stay planted
// at any size, so an audit over them finds the same things: nothing
// serves the data-stewardship curriculum (nor the retired forum goal), no
// programme offers co-create, every session starts at 16:00 in Berlin,
// and about one item in thirty serves no goal.

// bulkGoalVerbs and bulkGoalTopics name a large community's further goals.
var (
	bulkGoalVerbs  = []string{"Grow", "Strengthen", "Document", "Support", "Open up", "Recognise", "Sustain", "Measure"}
	bulkGoalTopics = []string{"research software in every region", "peer review of code", "shared datasets",
		"newcomer onboarding", "maintainer wellbeing", "training for trainers", "open infrastructure",
		"cross-lab collaborations", "citation of software", "inclusive events", "local chapters", "industry partnerships"}
)

// bulkGoalTitle is the title of the k-th goal beyond the demo's own.
func bulkGoalTitle(k int) string {
	n := len(bulkGoalVerbs) * len(bulkGoalTopics)
	t := bulkGoalVerbs[k%len(bulkGoalVerbs)] + " " + bulkGoalTopics[(k/len(bulkGoalVerbs))%len(bulkGoalTopics)]
	if k >= n {
		t += " (" + strconv.Itoa(k/n+1) + ")"
	}
	return t
}

// addGoals brings the community up to n goals in all, adding active ones
// to the demo's through the goals service.
func (r *runner) addGoals(n int) error {
	svc := *r.a.Goals
	at := r.p.cal.at(importDay-14, 9*60)
	svc.Now = func() time.Time { return at }
	for k := 0; len(r.goalIDs) < n; k++ {
		title := bulkGoalTitle(k)
		if _, taken := r.goalIDs[title]; taken {
			continue
		}
		g, err := svc.Create(r.actor(owner), goals.Goal{Title: title, Description: "One of the community's goals for the year.",
			Indicators: []goals.Indicator{{Name: "Progress", Unit: "%", Target: fig(100), Current: fig(float64(k % 60)), MeasuredOn: svc.Today()}}})
		if err != nil {
			return fmt.Errorf("demo goal %q: %w", title, err)
		}
		r.goalIDs[title] = g.ID
	}
	return nil
}

// servable are the goals bulk programming and content may serve: all but
// the curriculum (served by nothing) and the retired forum, in id order.
func (r *runner) servable() []int64 {
	var ids []int64
	for title, id := range r.goalIDs {
		if title != goalCurriculum && title != goalForum {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

var bulkHows = []string{
	"Gives members a reason to come back, and someone to meet when they do.",
	"Shows the practice in use, so members can copy it in their own work.",
	"Run with members, who take the lead next time.",
	"The figures from it go in the report to our funders.",
	"Reaches people the community has not reached before.",
}

// bulkLinks draws one or two goals for an item, with how it serves them.
func bulkLinks(rg *rng, servable []int64) []goals.Link {
	var out []goals.Link
	for _, id := range sample(rg, servable, rg.between(1, 2)) {
		out = append(out, goals.Link{GoalID: id, How: pick(rg, bulkHows)})
	}
	return out
}

// bulkProgrammes plans n programmes, each with a series or one to three
// single sessions at 16:00 Europe/Berlin, starting over the year.
func (r *runner) bulkProgrammes(rg *rng, n int) []programming.BulkProgramme {
	p := r.p
	servable := r.servable()
	kinds := slices.DeleteFunc(programming.Kinds(), func(k programming.Kind) bool { return k == programming.CustomKind })
	modes := []participation.Mode{participation.Convey, participation.Contribute, participation.Collaborate}
	topics := slices.Concat(demoCallTopics, demoBlogTopics)
	out := make([]programming.BulkProgramme, n)
	for i := range out {
		kind := kinds[i%len(kinds)]
		day := p.cal.workday(-365+i*425/max(n, 1), -400)
		in := programming.ProgrammeInput{Kind: kind, Title: fmt.Sprintf("%s: %s (%d)", kind.Label(), topics[i%len(topics)], i+1),
			Description: "A programme of the generated benchmark community.", Format: pick(rg, programming.Formats()),
			Modalities: sample(rg, participation.Modalities(), rg.between(1, 2)), Timings: []participation.Timing{participation.Synchronous},
			MinutesPerSession: 30 * rg.between(1, 6), SkillLevel: pick(rg, programming.SkillLevels()),
			Modes: sample(rg, modes, rg.between(1, 2)), Accessibility: sample(rg, programming.Accesses(), rg.between(0, 2)),
			Status: programming.Open, Hosts: []programming.HostInput{{UserID: r.users[i%len(r.users)], Role: programming.Host}}}
		if day < -60 {
			in.Status = programming.Completed
		}
		if rg.chance(0.15) {
			in.Audience = members.Audience{CareerStages: []members.CareerStage{members.StageStudent, members.StageEarlyCareer}}
		}
		if m := r.memberIDs[rg.IntN(len(r.memberIDs))]; m != 0 && rg.chance(0.4) {
			in.Hosts = append(in.Hosts, programming.HostInput{MemberID: m, Role: programming.Facilitator})
		}
		if !rg.chance(0.03) {
			in.Goals = bulkLinks(rg, servable)
		}
		bp := programming.BulkProgramme{ProgrammeInput: in, CreatedBy: r.users[owner], CreatedAt: p.cal.at(min(day, 0)-14, 9*60)}
		session := func(day int, rule string) programming.SessionInput {
			start := p.cal.today.AddDate(0, 0, p.cal.workday(day, day-3))
			s := programming.SessionInput{Start: start.Format(time.DateOnly) + "T16:00",
				End:      start.Add(16*time.Hour + time.Duration(in.MinutesPerSession)*time.Minute).Format("2006-01-02T15:04"),
				TimeZone: demoZone, Location: "Online", JoinURL: joinURL("Online"), RRule: rule}
			if rg.chance(0.1) {
				s.Goals = bulkLinks(rg, servable)
			}
			return s
		}
		if rg.chance(0.6) {
			rule := pick(rg, []string{"FREQ=WEEKLY;COUNT=6", "FREQ=WEEKLY;INTERVAL=2;COUNT=12", "FREQ=MONTHLY;COUNT=12", "FREQ=MONTHLY;INTERVAL=3;COUNT=4"})
			bp.Sessions = append(bp.Sessions, session(day, rule))
		} else {
			for k := range rg.between(1, 3) {
				bp.Sessions = append(bp.Sessions, session(day+7*k, ""))
			}
		}
		out[i] = bp
	}
	return out
}

// bulkContent plans n content items spread over the year and the next
// three months: published with a figure or two up to today, scheduled or
// drafting after; one in two hundred a pillar with the next five items
// in its campaign.
func (r *runner) bulkContent(rg *rng, n int) []content.BulkItem {
	p := r.p
	servable := r.servable()
	kinds := content.Kinds()
	channels := slices.DeleteFunc(content.ChannelKinds(), func(c content.ChannelKind) bool { return c == content.Custom })
	topics := slices.Concat(demoBlogTopics, demoCallTopics)
	out := make([]content.BulkItem, n)
	pillar := 0
	for i := range out {
		day := -365 + i*455/max(n, 1)
		kind := kinds[i%len(kinds)]
		in := content.Input{Kind: kind, Title: fmt.Sprintf("%s, part %d", topics[i%len(topics)], i/len(topics)+1),
			PlannedOn: p.cal.date(day), Mode: pick(rg, participation.Modes()), Modality: pick(rg, participation.Modalities()),
			Timing: participation.Asynchronous, AuthorUserIDs: []int64{r.users[1+i%(len(r.users)-1)]}}
		for _, c := range sample(rg, channels, rg.between(1, 2)) {
			in.Channels = append(in.Channels, content.Channel{Kind: c})
		}
		if m := r.memberIDs[rg.IntN(len(r.memberIDs))]; m != 0 && rg.chance(0.5) {
			in.AuthorMemberIDs = []int64{m}
		}
		if rg.chance(0.2) {
			in.Audience = members.Audience{CareerStages: []members.CareerStage{members.StageEarlyCareer}}
		}
		if rg.chance(0.1) {
			in.ReviewBy = p.cal.date(day + 180)
		}
		if !rg.chance(1.0 / 30) {
			in.Goals = bulkLinks(rg, servable)
		}
		bi := content.BulkItem{Input: in, CreatedBy: in.AuthorUserIDs[0], CreatedAt: p.cal.at(min(day, 0)-3, 10*60)}
		switch {
		case day <= 0:
			bi.Status, bi.PublishedOn = content.Published, p.cal.date(day)
			read := min(day+7, 0)
			for _, name := range sample(rg, []content.MetricName{content.Views, content.Clicks, content.Downloads}, rg.between(1, 2)) {
				v := float64(rg.between(10, 2000))
				bi.Figures = append(bi.Figures, content.MetricInput{Name: name, Value: &v, ReadOn: p.cal.date(read)})
			}
		case i%4 == 0:
			bi.Status = content.Drafting
		default:
			bi.Status = content.Scheduled
		}
		if i%200 == 0 && bi.Status == content.Published {
			bi.Kind, bi.IsPillar, bi.LaunchOn = content.Playbook, true, bi.PublishedOn
			pillar = i + 1
		} else if pillar > 0 && i-pillar < 5 {
			bi.Pillar = pillar
		}
		out[i] = bi
	}
	return out
}
