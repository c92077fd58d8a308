package demo

import (
	"fmt"
	"time"

	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
)

// The demo's year of content: a monthly newsletter, blog posts twice a
// month, a recording of each monthly community call, social posts, a
// report, and one pillar (the community playbook on running working
// groups) whose campaign was planned from the "Pillar launch" template
// and has fallen behind: a few of its items are overdue. A few items are
// past their review date. Items serve the goals they were made for
// (goalLinks), except the ones meant to stay unlinked, for the audit to
// flag as candidates to stop: demoUnlinkedContent. Nothing serves the
// data-stewardship curriculum goal.
//
// Choices are made by index, not drawn at random, so the content is the
// same for every seed and every load day (its dates move with the day).

// demoUnlinkedContent are the titles of items that serve no goal.
var demoUnlinkedContent = []string{"Season's greetings from the team", "We have moved to a new office", "Throwback: our first meetup"}

// demoPillarTitle is the demo's pillar.
const demoPillarTitle = "The Working Group Playbook"

var demoBlogTopics = []string{
	"How we review pull requests across time zones", "Five lessons from our first hackathon",
	"Meet the maintainers of the data validation toolkit", "Writing documentation newcomers can follow",
	"What research software engineers told us in the survey", "Funding open-source research tools",
	"A beginner's path into the community", "Testing numerical code without tears",
	"Mentoring across career stages", "Reproducible workflows with containers",
	"Recognising software in research assessment", "Our code of conduct, one year on",
}

var demoCallTopics = []string{
	"Packaging research code", "Continuous integration on a budget", "Citation files and DOIs",
	"Onboarding new contributors", "Sustainable maintenance", "GPU computing for beginners",
	"Community governance", "Accessible documentation", "Benchmarking", "Open data formats",
	"Software peer review", "Year in review",
}

// loadContent stores the year of content. It runs after every other
// step, each item created with the clock at the day it happened.
func (r *runner) loadContent() error {
	p := r.p
	svc := func(day int) *content.Service {
		s := *r.a.Content
		at := p.cal.at(min(day, 0), 10*60)
		s.Now = func() time.Time { return at }
		return &s
	}
	var authors []int64
	for i, ps := range p.people {
		if ps.archive == 0 && r.memberIDs[i] != 0 && len(authors) < 40 && i%3 == 0 {
			authors = append(authors, r.memberIDs[i])
		}
	}
	author := func(i int) []int64 {
		if len(authors) == 0 || i%3 == 2 {
			return nil
		}
		return []int64{authors[(i*7)%len(authors)]}
	}
	team := func(i int) []int64 { return []int64{r.users[1+i%2]} }
	ctx := r.actor(1)
	create := func(day int, in content.Input) (content.Item, error) {
		it, err := svc(day).Create(ctx, in)
		if err != nil {
			return it, fmt.Errorf("content %q: %w", in.Title, err)
		}
		return it, nil
	}
	figure := func(it content.Item, day int, name content.MetricName, value float64) error {
		read := min(day, 0)
		v := value
		_, err := svc(read).AddMetric(ctx, it.ID, content.MetricInput{Name: name, Value: &v, ReadOn: p.cal.date(read)})
		return err
	}
	// published stores an item that went out on day (or plans it when
	// day is still ahead), and its figures a week later.
	published := func(day int, in content.Input, name content.MetricName, value float64) error {
		in.PlannedOn = p.cal.date(day)
		if day <= 0 {
			in.Status, in.PublishedOn = content.Published, p.cal.date(day)
		} else {
			in.Status = content.Scheduled
		}
		it, err := create(day, in)
		if err != nil || day > 0 || value == 0 {
			return err
		}
		return figure(it, day+7, name, value)
	}
	ecr := members.Audience{CareerStages: []members.CareerStage{members.StageStudent, members.StageEarlyCareer}}
	links := func(ls ...demoLink) []goals.Link { return r.goalLinks(ls) }

	for k := range 13 {
		day := -358 + 30*k
		if err := published(day, content.Input{Kind: content.NewsletterIssue, Title: fmt.Sprintf("Network news, issue %d", 40+k),
			Channels: []content.Channel{{Kind: content.Newsletter}}, AuthorUserIDs: team(k), Mode: participation.Convey,
			Modality: participation.Written, Timing: participation.Asynchronous,
			Goals: links(serves(goalConnect, "Every issue introduces two members and what they are looking for."))}, content.Views, float64(800+37*k)); err != nil {
			return err
		}
	}
	for k, topic := range demoCallTopics {
		day := -345 + 30*k
		if err := published(day, content.Input{Kind: content.Video, Title: "Community call recording: " + topic,
			Channels: []content.Channel{{Kind: content.YouTube}}, AuthorUserIDs: team(k), Mode: participation.Convey,
			Modality: participation.Spoken, Timing: participation.Asynchronous,
			Goals: links(serves(goalConnect, "For members who cannot join the call live, most of them in Asia and Oceania."))}, content.Views, float64(120+13*k)); err != nil {
			return err
		}
	}
	for k := range 24 {
		day := -352 + 15*k
		in := content.Input{Kind: content.BlogPost, Title: demoBlogTopics[k%len(demoBlogTopics)],
			Channels: []content.Channel{{Kind: content.Website}, {Kind: content.Mastodon}}, AuthorMemberIDs: author(k),
			AuthorUserIDs: team(k), Mode: participation.Contribute, Modality: participation.Written, Timing: participation.Asynchronous,
			Goals: links(serves(goalReproducible, "Practice from members' own projects, written up so others can follow it."))}
		if k >= len(demoBlogTopics) {
			in.Title += ", revisited"
		}
		if k%4 == 1 {
			in.Audience = ecr
			in.Goals = append(in.Goals, links(serves(goalECR, "Written for those starting out: what we wish we had known."))...)
		}
		if k < 3 {
			in.ReviewBy = p.cal.date(-20 - 10*k) // old posts nobody has looked at again
		}
		if err := published(day, in, content.Views, float64(300+(k*53)%400)); err != nil {
			return err
		}
	}
	for k := range 20 {
		day := -340 + 17*k
		ch := []content.ChannelKind{content.Mastodon, content.Bluesky, content.LinkedIn}[k%3]
		title := fmt.Sprintf("Call for contributions: %s", demoCallTopics[k%len(demoCallTopics)])
		if k == 5 {
			title = demoUnlinkedContent[0]
		}
		in := content.Input{Kind: content.SocialPost, Title: title, Channels: []content.Channel{{Kind: ch}},
			AuthorUserIDs: team(k), Mode: participation.Contribute}
		if k != 5 {
			in.Goals = links(serves(goalMemberLed, "Asks members to give the next call's lightning talk or lead a session."))
		}
		if err := published(day, in, content.Clicks, float64(20+k*3)); err != nil {
			return err
		}
	}
	if err := published(-290, content.Input{Kind: content.NewsArticle, Title: demoUnlinkedContent[1],
		Channels: []content.Channel{{Kind: content.Website}}, AuthorUserIDs: team(0)}, content.Views, 90); err != nil {
		return err
	}
	if err := published(-150, content.Input{Kind: content.Photo, Title: demoUnlinkedContent[2],
		Channels: []content.Channel{{Kind: content.Custom, Label: "Flickr"}}, AuthorUserIDs: team(1)}, "", 0); err != nil {
		return err
	}
	if err := published(-200, content.Input{Kind: content.Report, Title: "State of Research Software 2026",
		Summary:  "What 400 research software engineers told us about their work, careers and tools.",
		Channels: []content.Channel{{Kind: content.Website}, {Kind: content.Newsletter}}, AuthorMemberIDs: author(1),
		AuthorUserIDs: team(0), Mode: participation.Convey, Modality: participation.Written, Timing: participation.Asynchronous,
		ReviewBy: p.cal.date(-15), Goals: links(serves(goalImpact, "The evidence we take to funders and host institutions: what members do and need."),
			serves(goalConnect, "Answers came from 31 countries; the report maps who works where."))}, content.Downloads, 1240); err != nil {
		return err
	}
	if err := published(-120, content.Input{Kind: content.Dataset, Title: "Survey responses, anonymised",
		Channels: []content.Channel{{Kind: content.Website}}, AuthorUserIDs: team(0), Mode: participation.Collaborate,
		Goals: links(serves(goalReproducible, "The survey's data, documented, so anyone can redo our analysis."))}, content.Downloads, 210); err != nil {
		return err
	}
	if err := published(-60, content.Input{Kind: content.SoftwareRelease, Title: "Validation toolkit 2.0",
		Channels: []content.Channel{{Kind: content.Forum}, {Kind: content.Mastodon}}, AuthorMemberIDs: author(4),
		Mode: participation.Collaborate, Modality: participation.HandsOn,
		Goals: links(serves(goalMemberLed, "Written and released by members of the working group, with the team only reviewing."),
			serves(goalReproducible, "Checks datasets before they are shared, so others can reuse them."))}, content.Downloads, 530); err != nil {
		return err
	}
	return r.loadPillar(ctx, svc, author(2))
}
