package demo

import "strings"

// What the team writes down. Templates name people and things with
// {first} (the member's given name), {other} (a second member), {org},
// {topic}, {event} and {town}; fill puts them in.

// The contexts interactions and follow-ups are written in: one per
// stakeholder group for conversations with key members, one per kind of
// everyday contact with the rest of the community.
const (
	ctxLeadership = "leadership"
	ctxFunders    = "funders"
	ctxChampions  = "champions"
	ctxPartners   = "partners"
	ctxAdvisory   = "advisory"
	ctxWGLeads    = "wgleads"
	ctxWelcome    = "welcome"
	ctxQuestion   = "question"
	ctxEvent      = "event"
	ctxCall       = "call"
	ctxMentoring  = "mentoring"
	ctxLapsed     = "lapsed"
	ctxProspect   = "prospect"
	ctxOther      = "other"
)

// contextOfGroup is the context of one-to-one contact with a key member
// whose first group is g.
var contextOfGroup = map[string]string{
	groupLeadership: ctxLeadership, groupFunders: ctxFunders, groupChampions: ctxChampions,
	groupPartners: ctxPartners, groupAdvisory: ctxAdvisory, groupWGLeads: ctxWGLeads,
}

// series are the regular meetings some stakeholder groups hold, with how
// often (in days) and what is discussed.
type series struct {
	group, title string
	every        int
	agenda       []string
}

var meetingSeries = []series{
	{groupLeadership, "Steering committee meeting", 14, []string{
		"budget for the coming year", "review of the code of conduct", "planning the spring hackathon",
		"agenda for the strategy away-day", "proposals for two new working groups", "draft of the annual report",
		"membership growth and newcomer retention", "election timeline for the next chair", "sponsorship policy",
		"priorities for the autumn community calls", "accessibility of our events", "succession planning"}},
	{groupChampions, "Community champions call", 28, []string{
		"ideas for the newsletter", "welcoming newcomers in the forum", "lightning talks for the next community call",
		"feedback on the mentoring pilot", "hackathon project ideas", "translating the onboarding guide"}},
	{groupWGLeads, "Working group leads sync", 28, []string{
		"progress on the packaging guide", "the lesson maintenance rota", "a joint session at the next community call",
		"onboarding new contributors", "updating the working group charters", "sharing tooling between groups"}},
	{groupAdvisory, "Advisory board meeting", 91, []string{
		"the three-year strategy", "sustainability and the funding model", "evaluating the training programme",
		"partnership priorities", "community health metrics"}},
}

// summaries of one-to-one contact, by context.
var summaries = map[string][]string{
	ctxLeadership: {"Prepared the steering committee agenda with {first}", "Caught up with {first} on the strategy draft",
		"Went through the budget with {first}", "Call with {first} about the chair handover",
		"Discussed the code of conduct review with {first}"},
	ctxFunders: {"Quarterly check-in on the training programme", "Progress report on the FAIR data grant",
		"Discussed renewal of the sustainability grant", "Shared impact figures for the annual report",
		"Site visit from {org}", "Clarified reporting requirements for the grant"},
	ctxChampions: {"Discussed co-organising the spring hackathon", "Planned a lightning talk for the community call",
		"Caught up on the mentoring pilot", "Asked {first} to review the new lesson on {topic}",
		"Thanked {first} for moderating the forum", "Brainstormed newsletter features with {first}"},
	ctxPartners: {"Explored a joint workshop on research data management", "Aligned event calendars for next term",
		"Discussed cross-promotion in our newsletters", "Memorandum of understanding: next steps",
		"Planned a shared booth at RSECon", "Discussed a joint training track on {topic}"},
	ctxAdvisory: {"Asked {first} for advice on the evaluation framework", "Briefed {first} ahead of the board meeting",
		"Discussed {first}'s feedback on the strategy", "Sounded out {first} about a new partnership"},
	ctxWGLeads: {"Checked in with {first} on the {topic} working group", "Helped {first} recruit contributors for the {topic} guide",
		"Reviewed the {topic} working group's roadmap", "Talked through the working group's first release with {first}"},
	ctxWelcome: {"Welcome call: introduced the community and the newcomers' channel", "Welcome email with links to the onboarding guide",
		"Onboarding chat: pointed {first} to the {topic} working group"},
	ctxQuestion: {"Answered a question about contributing to the {topic} lessons", "Helped {first} find a mentor for {topic}",
		"Sent {first} the recording of the last community call", "Answered a question about travel grants for the summer school",
		"Pointed {first} to our guide on {topic}", "Explained how to propose a talk for the community call"},
	ctxEvent: {"Chatted at {event} about {topic}", "Met at {event}: interested in the {topic} working group",
		"Feedback on {event}", "Hallway conversation at {event} about {topic}"},
	ctxCall: {"Invited {first} to speak at a community call on {topic}", "Discussed a blog post on {topic}",
		"Career chat: moving from a postdoc to an RSE role", "Call about starting a local {topic} meetup in {town}",
		"Talked through {first}'s idea for a {topic} tutorial"},
	ctxMentoring: {"Introduced {first} to {other} through the mentoring programme", "Mentoring check-in with {first} and {other}"},
	ctxLapsed:    {"Checked in after a long quiet spell", "Asked {first} whether to stay on the mailing list"},
	ctxProspect:  {"Exploratory call about joining the network", "Answered questions about membership"},
	ctxOther: {"Signed up {first} to help at the next hackathon", "Shared a job posting for research software engineers",
		"Coffee during a site visit to {org}", "Met to plan a {topic} workshop at {org}"},
}

// outcomes, by context; the general ones fit any conversation.
var (
	outcomes = map[string][]string{
		ctxFunders:  {"Renewal looks likely; formal decision in the spring.", "They need the interim report by the end of the quarter.", "Happy with progress; asked for two case studies."},
		ctxPartners: {"Both sides keen; drafting a one-page proposal.", "Dates agreed in principle.", "Waiting on their legal team."},
		ctxLeadership: {"Agreed to circulate a revised draft before the next meeting.", "Decision: approve the budget as proposed.",
			"Two actions recorded; see the minutes."},
	}
	generalOutcomes = []string{"Will send a short bio for the website.", "Interested; follow up next term.",
		"Agreed to co-author the blog post.", "No action needed.", "Signed up for the mentoring programme.",
		"Will share it with their group.", "Joined the working group channel.", "Keen to help; needs their manager's approval."}
)

// notes are the Markdown notes on some interactions.
var notes = []string{
	"**Key points**\n\n- Keen on the {topic} track\n- Happy to review lesson drafts\n\nFollow the thread in the forum.",
	"Notes:\n\n1. Timeline slips by a month\n2. {org} may co-host\n3. Next check-in after {event}",
	"Mentioned that *{topic}* is where they could help most. Time zones make live calls hard; prefers async.",
	"**Agenda**\n\n- Updates\n- {topic}\n- Any other business\n\nMinutes are in the shared drive.",
	"Long conversation; the gist: more hands-on sessions, fewer talks. See [our programme notes](https://example.org/programme).",
}

// memberNotes are the Markdown notes on some member records.
var memberNotes = []string{
	"Met at **{event}**. Keen to help with the *{topic}* lessons.",
	"Prefers email over calls. Based in {town}; happy to host a local meetup.",
	"- Interested in mentoring\n- Ask about the {topic} working group",
	"Gave a great lightning talk on {topic} at {event}. Could be a future champion.",
	"Co-author of our [{topic} guide](https://example.org/guides).",
	"Community calls fall at night for them; invite to the async forum threads instead.",
}

// followUpTexts are what the team promises, by context.
var followUpTexts = map[string][]string{
	ctxLeadership: {"Circulate the minutes of the steering committee", "Book a room for the strategy away-day",
		"Update the budget spreadsheet for {first}", "Send {first} the draft annual report"},
	ctxFunders: {"Send the interim report to {first}", "Share impact figures with {org}",
		"Draft the renewal proposal outline for {first}", "Send {first} two case studies"},
	ctxChampions: {"Send {first} the hackathon project template", "Confirm {first}'s lightning talk slot",
		"Add {first} to the champions' channel"},
	ctxPartners: {"Circulate the draft memorandum of understanding to {first}", "Confirm the joint workshop dates with {org}",
		"Send {first} our event calendar"},
	ctxAdvisory: {"Send {first} the evaluation framework draft", "Share the board papers with {first}"},
	ctxWGLeads:  {"Review the {topic} guide draft for {first}", "Set up a repository for {first}'s working group"},
}

var generalFollowUps = []string{"Send {first} the slides from the community call", "Introduce {first} to the {topic} working group",
	"Share the onboarding guide with {first}", "Reply to {first} about the travel grant", "Add {first} to the mentors' channel",
	"Send {first} the lesson review checklist", "Check back with {first} next month", "Send a thank-you note to {first}"}

// fill replaces the placeholders in s.
func fill(s string, vars map[string]string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	for k, v := range vars {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return s
}
