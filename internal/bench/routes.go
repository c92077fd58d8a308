package bench

import (
	"math/rand/v2"
	"net/url"
	"strconv"
	"time"
)

// Sample is what routes draw their requests from: values taken from the
// community under test, so that searches and filters find real members.
type Sample struct {
	GivenNames   []string // first words of members' names
	Affiliations []string // fragments of affiliations
	JobTitles    []string // fragments of job titles
	CareerStages []string
	MemberIDs    []int64
	// Months (YYYY-MM) hold content, and in the demo sessions too; empty
	// when the community has no dated content.
	Months []string
}

// Route is one read path of the mix.
type Route struct {
	Name string
	// Start returns the path and query of a fresh request.
	Start func(r *rand.Rand, s *Sample) string
	// Paged routes are walked: while an answer has a next_cursor, the
	// client's next request on the route asks for the following page.
	Paged bool
}

// pageSize is the page the members list and API show by default.
const pageSize = 50

// Routes is the benchmark's mix; each client takes them in turn.
var Routes = []Route{
	{Name: "members: pages by cursor", Paged: true, Start: func(*rand.Rand, *Sample) string {
		return membersPath(url.Values{})
	}},
	{Name: "members: search a given name", Paged: true, Start: func(r *rand.Rand, s *Sample) string {
		return membersPath(url.Values{"q": {pick(r, s.GivenNames)}})
	}},
	{Name: "members: affiliation contains", Start: func(r *rand.Rand, s *Sample) string {
		return membersPath(url.Values{"affiliation": {pick(r, s.Affiliations)}})
	}},
	{Name: "members: job title contains", Start: func(r *rand.Rand, s *Sample) string {
		return membersPath(url.Values{"job_title": {pick(r, s.JobTitles)}})
	}},
	{Name: "members: career stage", Paged: true, Start: func(r *rand.Rand, s *Sample) string {
		return membersPath(url.Values{"career_stage": {pick(r, s.CareerStages)}})
	}},
	{Name: "dashboard", Start: func(*rand.Rand, *Sample) string {
		return "/api/v1/dashboard"
	}},
	{Name: "member profile", Start: func(r *rand.Rand, s *Sample) string {
		return "/api/v1/members/" + strconv.FormatInt(pick(r, s.MemberIDs), 10)
	}},
	// Programming: the calendar a manager opens, and what clients and
	// scripts read.
	{Name: "calendar: month page", Start: func(r *rand.Rand, s *Sample) string {
		return "/calendar" + monthQuery(r, s)
	}},
	{Name: "calendar: agenda page", Start: func(*rand.Rand, *Sample) string {
		return "/calendar/agenda"
	}},
	{Name: "calendar: iCalendar feed", Start: func(*rand.Rand, *Sample) string {
		return "/api/v1/calendar.ics"
	}},
	{Name: "sessions: a month", Start: func(r *rand.Rand, s *Sample) string {
		from, to := monthSpan(pick(r, s.Months))
		return "/api/v1/sessions?" + url.Values{"from": {from}, "to": {to}}.Encode()
	}},
	// Content: the calendar, the board and the list.
	{Name: "content: calendar page", Start: func(r *rand.Rand, s *Sample) string {
		return "/content/calendar" + monthQuery(r, s)
	}},
	{Name: "content: board page", Start: func(*rand.Rand, *Sample) string {
		return "/content/board"
	}},
	{Name: "content: pages by cursor", Paged: true, Start: func(*rand.Rand, *Sample) string {
		return "/api/v1/content?limit=" + strconv.Itoa(pageSize)
	}},
	// The content and programming audit of this quarter: the member side
	// at full size (the programme and content side at 10,000 items is
	// BenchmarkAudit in internal/contentaudit).
	{Name: "content audit", Start: func(*rand.Rand, *Sample) string {
		return "/api/v1/content-audit"
	}},
	// Participation over time: the page a manager opens (funnel, flows,
	// health for the last twelve months) and the figures scripts read.
	{Name: "participation: page", Start: func(*rand.Rand, *Sample) string {
		return "/participation"
	}},
	{Name: "participation: health", Start: func(*rand.Rand, *Sample) string {
		return "/api/v1/participation/health"
	}},
	{Name: "participation: flows", Start: func(*rand.Rand, *Sample) string {
		return "/api/v1/participation/flows"
	}},
}

// monthQuery is "?month=YYYY-MM" for a sampled month, or "" (this month)
// when there is none.
func monthQuery(r *rand.Rand, s *Sample) string {
	if m := pick(r, s.Months); m != "" {
		return "?month=" + m
	}
	return ""
}

// monthSpan is the first and last day of month (YYYY-MM); for "" or a
// bad month, "" and "" (the API's default period).
func monthSpan(month string) (from, to string) {
	first, err := time.Parse("2006-01", month)
	if err != nil {
		return "", ""
	}
	return first.Format(time.DateOnly), first.AddDate(0, 1, -1).Format(time.DateOnly)
}

// membersPath is a members API request for a page of pageSize.
func membersPath(v url.Values) string {
	v.Set("limit", strconv.Itoa(pageSize))
	return "/api/v1/members?" + v.Encode()
}

func pick[T any](r *rand.Rand, list []T) T {
	var zero T
	if len(list) == 0 {
		return zero
	}
	return list[r.IntN(len(list))]
}
