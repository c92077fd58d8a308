package demo

import (
	"strconv"
	"strings"
)

// What generated activities are called and where they link. Every link is
// under example.org, reserved for examples (RFC 2606): no demo activity
// reaches a real site.

var (
	repos = []string{"rse-handbook", "software-citation-guide", "workshop-template", "good-practice-checklist",
		"community-website", "packaging-cookbook", "reproducibility-toolkit", "mentoring-programme"}
	prTitles = []string{"Fix broken links in the {topic} chapter", "Add a section on {topic}", "Update the {topic} examples",
		"Typo fixes in the {topic} guide", "Add tests for the {topic} checks", "Document how to cite {topic} software",
		"Translate the {topic} page", "Speed up the build of the {topic} pages", "Add a {topic} case study",
		"Clarify the licence advice for {topic}"}
	forumTitles = []string{"How do you test {topic} code?", "Resources for learning {topic}", "Job: research software engineer, {topic}",
		"Share your {topic} workflow", "Looking for collaborators on {topic}", "Recording of the {topic} session",
		"What would you put in a {topic} checklist?", "Funding for {topic} projects", "Introduce yourself: {topic} edition",
		"Tips for teaching {topic}"}
	slackTitles = []string{"#help: a question on {topic}", "#help: stuck with {topic}", "#{slug}: where to start with {topic}",
		"#help: {topic} on the cluster", "#{slug}: a {topic} package recommendation"}
	talkTitles    = []string{"Lightning talk: {topic} in practice", "Talk at {event}: lessons from {topic}", "Poster at {event} on {topic}"}
	blogTitles    = []string{"Blog: what I learned about {topic}", "Blog: {topic} for newcomers", "Blog: our {topic} story"}
	groupTitles   = []string{"{topic} working group", "{topic} working group: monthly meeting", "{topic} sprint"}
	coauthorTitle = []string{"Co-authored the {topic} guide", "Co-authored a paper on {topic}", "Co-wrote the {topic} checklist"}
	mentorTitles  = []string{"Mentoring pair, spring cohort", "Mentoring pair, autumn cohort", "Mentored a newcomer on {topic}"}
	hostTitles    = []string{"Hosted the {topic} meetup", "Co-organised the {topic} workshop", "Hosted a {topic} hacky hour"}
	leadTitles    = []string{"Led the {topic} working group", "Chaired the {topic} working group meeting"}
	govTitles     = []string{"Steering committee meeting", "Advisory board meeting", "Code of conduct committee"}
	meetupTitles  = []string{"Meetup at {event}", "Community dinner at {event}", "Birds of a feather session at {event}"}
	callTitles    = []string{"Community call", "Community call: lightning talks", "Office hours", "Webinar"}
)

// fillTopic puts topic, event and a channel slug into pattern.
func fillTopic(pattern, topic, event string) string {
	if !strings.Contains(pattern, "{") {
		return pattern
	}
	var b strings.Builder
	b.Grow(len(pattern) + len(topic) + len(event))
	for {
		before, rest, ok := strings.Cut(pattern, "{")
		b.WriteString(before)
		if !ok {
			return b.String()
		}
		name, after, _ := strings.Cut(rest, "}")
		switch name {
		case "topic":
			b.WriteString(topic)
		case "event":
			b.WriteString(strings.TrimPrefix(event, "the "))
		case "slug":
			b.WriteString(slug(topic))
		}
		pattern = after
	}
}

// topicOf is what person p's activity is about: mostly their own
// interests, sometimes the community's core topics.
func (g *activityGen) topicOf(p *person) string {
	r := g.r
	if len(p.m.Interests) > 0 && r.chance(0.7) {
		return pick(r, p.m.Interests)
	}
	if len(p.m.Expertise) > 0 && r.chance(0.5) {
		return pick(r, p.m.Expertise)
	}
	return topics[r.IntN(12)]
}

// External ids' prefixes, each counted on its own.
const (
	extSheet = iota
	extParticipant
	extHost
	extMessage
	extPost
	extPull
	extReview
	extPrefixes
)

var extNames = [extPrefixes]string{"sheet", "participant", "host", "msg", "post", "pr", "review"}

// next is the next external id of a prefix: "pr:000000042", and its number.
func (g *activityGen) next(prefix int) (string, int) {
	g.counters[prefix]++
	n := g.counters[prefix]
	g.buf = append(g.buf[:0], extNames[prefix]...)
	g.buf = append(g.buf, ':')
	s := strconv.Itoa(n)
	for range 9 - len(s) {
		g.buf = append(g.buf, '0')
	}
	g.buf = append(g.buf, s...)
	return string(g.buf), n
}

// describe gives act its source, title, link and external id.
func (g *activityGen) describe(act *genActivity, p *person) {
	r := g.r
	topic := g.topicOf(p)
	event := pick(r, events)
	title := func(patterns []string) string { return g.fill(pick(r, patterns), topic, event) }
	manual := func(patterns []string) {
		act.title = title(patterns)
		if act.day < importDay {
			// Kept in the old spreadsheet, imported when the team moved.
			act.source = "import"
			act.externalID, _ = g.next(extSheet)
		} else {
			act.source = "manual"
		}
	}
	switch act.kind {
	case "attended_call":
		switch {
		case act.day < importDay:
			manual(callTitles)
		case g.bulk:
			act.source, act.title = "zoom", pick(r, callTitles)
			act.externalID, _ = g.next(extParticipant)
		default:
			// Calls since the move are on the sessions' lists; meetups at
			// conferences are typed in.
			manual(meetupTitles)
		}
	case "hosted_session":
		if g.bulk && act.day >= importDay && r.chance(0.5) {
			act.source, act.title = "zoom", g.fill("Hosted the "+strings.ToLower(pick(r, callTitles)), "", "")
			act.externalID, _ = g.next(extHost)
			return
		}
		manual(hostTitles)
	case "posted_forum", "replied_forum", "answered_question", "asked_question":
		if (act.kind == "asked_question" || act.kind == "answered_question") && r.chance(0.6) {
			var n int
			act.source, act.title = "slack", title(slackTitles)
			act.externalID, n = g.next(extMessage)
			act.url = "https://orsn.slack.example.org/archives/C0HELP/p" + strconv.Itoa(1_600_000_000_000_000+n)
			return
		}
		var n int
		act.source = "discourse"
		t := pick(r, forumTitles)
		act.title = g.fill(t, topic, event)
		topicSlug := g.slug(act.title)
		if act.kind != "posted_forum" {
			act.title = g.fill("Re: "+t, topic, event)
		}
		act.externalID, n = g.next(extPost)
		act.url = "https://forum.example.org/t/" + topicSlug + "/" + strconv.Itoa(1000+n/4) + "/" + strconv.Itoa(1+n%4)
	case "opened_pull_request", "reviewed_pull_request":
		var n int
		act.source, act.title = "github", title(prTitles)
		prefix := extPull
		if act.kind == "reviewed_pull_request" {
			prefix = extReview
			act.title = g.fill("Review: "+act.title, "", "")
		}
		act.externalID, n = g.next(prefix)
		act.url = "https://github.example.org/orsn/" + repos[n%len(repos)] + "/pull/" + strconv.Itoa(10+n/len(repos))
	case "gave_talk":
		manual(talkTitles)
	case "wrote_blog_post":
		manual(blogTitles)
		if act.source == "manual" {
			act.url = "https://orsn.example.org/blog/" + g.slug(act.title)
		}
	case "joined_working_group":
		manual(groupTitles)
	case "co_authored":
		manual(coauthorTitle)
	case "mentored":
		manual(mentorTitles)
	case "led_working_group":
		manual(leadTitles)
	default: // served_governance
		manual(govTitles)
	}
}

// fillKey names a filled-in title.
type fillKey struct{ pattern, topic, event string }

// fill is fillTopic, each distinct title made once and shared: a
// benchmark community draws millions of titles from a few thousand.
func (g *activityGen) fill(pattern, topic, event string) string {
	k := fillKey{pattern, topic, event}
	if t, ok := g.titles[k]; ok {
		return t
	}
	t := fillTopic(pattern, topic, event)
	g.titles[k] = t
	return t
}

// slug is slug(title), kept like fill's titles.
func (g *activityGen) slug(title string) string {
	if s, ok := g.slugs[title]; ok {
		return s
	}
	s := slug(title)
	g.slugs[title] = s
	return s
}
