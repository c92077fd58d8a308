package programming

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/text"
)

// SessionStatus is whether a session (or a whole series) takes place.
type SessionStatus string

const (
	Scheduled        SessionStatus = "scheduled"
	SessionCancelled SessionStatus = "cancelled"
)

func (s SessionStatus) Valid() bool { return s == Scheduled || s == SessionCancelled }

// Label is the status as the UI shows it.
func (s SessionStatus) Label() string {
	if s == SessionCancelled {
		return "Cancelled"
	}
	return "Scheduled"
}

// SessionInput is what a person sets on a session. Start and End are
// wall-clock times in TimeZone ("2026-03-03T16:00") or instants with an
// offset (RFC 3339, as the API returns them). TimeZone is an IANA zone or
// a city ("Berlin"). RRule makes the session a recurring series.
type SessionInput struct {
	Title    string        `json:"title"`
	Start    string        `json:"start"`
	End      string        `json:"end"`
	TimeZone string        `json:"time_zone"`
	Location string        `json:"location"`
	JoinURL  string        `json:"join_url"`
	Status   SessionStatus `json:"status"`
	RRule    string        `json:"rrule"`
	Goals    []goals.Link  `json:"goals"`
	// PillarID puts the session in a pillar's campaign ("a community call
	// about the playbook"); nil for none.
	PillarID *int64 `json:"pillar_id"`
}

// Session is a stored session or series.
type Session struct {
	ID          int64  `json:"id"`
	ProgrammeID int64  `json:"programme_id"`
	Programme   string `json:"programme_title"`
	// Title is the session's own title, "" when it takes the programme's.
	Title      string        `json:"title"`
	Start      time.Time     `json:"start"`
	End        time.Time     `json:"end"`
	TimeZone   string        `json:"time_zone"`
	Location   string        `json:"location"`
	JoinURL    string        `json:"join_url"`
	Status     SessionStatus `json:"status"`
	RRule      string        `json:"rrule"`
	Sequence   int           `json:"sequence"`
	Exceptions []Exception   `json:"exceptions"`
	Goals      []goals.Link  `json:"goals"`
	// PillarID is the pillar whose campaign the session belongs to, nil
	// for none; PillarTitle is its title.
	PillarID    *int64    `json:"pillar_id"`
	PillarTitle string    `json:"pillar_title,omitempty"`
	Version     int64     `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Name is what the session is called: its title, or the programme's.
func (s Session) Name() string {
	if s.Title != "" {
		return s.Title
	}
	return s.Programme
}

// Recurring reports whether the session is a series.
func (s Session) Recurring() bool { return s.RRule != "" }

// Repeats says the series' rule in words ("" for a single session).
func (s Session) Repeats() string { return DescribeRule(s.RRule, s.Start) }

// input is the session as its form and PATCH read it.
func (s Session) input() SessionInput {
	return SessionInput{Title: s.Title, Start: s.Start.Format(time.RFC3339), End: s.End.Format(time.RFC3339),
		TimeZone: s.TimeZone, Location: s.Location, JoinURL: s.JoinURL, Status: s.Status, RRule: s.RRule, Goals: s.Goals,
		PillarID: s.PillarID}
}

// Input is the session's writable fields, for a form or a PATCH.
func (s Session) Input() SessionInput { return s.input() }

// parsedSession is a SessionInput checked and read.
type parsedSession struct {
	SessionInput
	loc        *time.Location
	start, end time.Time
}

const localLayout = "2006-01-02T15:04"

// ParseWhen reads a start or end: an RFC 3339 instant, or a wall-clock
// time (YYYY-MM-DDTHH:MM, seconds optional, "T" or a space) in loc.
func ParseWhen(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(loc), true
	}
	s = strings.Replace(s, " ", "T", 1)
	for _, layout := range []string{localLayout, localLayout + ":05"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// prepare normalizes and checks in, adding problems to fe; the result is
// usable only when fe stays empty.
func (in SessionInput) prepare(fe *apperr.FieldErrors) parsedSession {
	in.Title = strings.TrimSpace(in.Title)
	in.Location = strings.TrimSpace(in.Location)
	in.JoinURL = strings.TrimSpace(in.JoinURL)
	if in.Status == "" {
		in.Status = Scheduled
	}
	if in.Goals == nil {
		in.Goals = []goals.Link{}
	}
	for i := range in.Goals {
		in.Goals[i].How = strings.TrimSpace(in.Goals[i].How)
		in.Goals[i].Title = ""
	}
	if in.PillarID != nil && *in.PillarID == 0 {
		in.PillarID = nil
	}
	p := parsedSession{SessionInput: in}
	for _, f := range [][2]string{{"title", in.Title}, {"location", in.Location}, {"join_url", in.JoinURL}, {"time_zone", in.TimeZone}} {
		text.Check(fe, f[0], f[1])
	}
	if utf8.RuneCountInString(in.Title) > maxTitle {
		fe.Add("title", "must be at most %d characters", maxTitle)
	}
	if utf8.RuneCountInString(in.Location) > maxTitle {
		fe.Add("location", "must be at most %d characters", maxTitle)
	}
	if in.JoinURL != "" {
		u, err := url.Parse(in.JoinURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(in.JoinURL) > 2000 {
			fe.Add("join_url", "must be a web address starting with https://")
		}
	}
	if !in.Status.Valid() {
		fe.Add("status", "choose scheduled or cancelled")
	}
	if len(in.Goals) > maxGoals {
		fe.Add("goals", "at most %d goals", maxGoals)
	}
	zone, err := members.ResolveTimeZone(in.TimeZone)
	switch {
	case strings.TrimSpace(in.TimeZone) == "":
		fe.Add("time_zone", "is required; type a city such as Berlin or a zone such as Europe/Berlin")
		return p
	case err != nil:
		fe.Add("time_zone", "%s", err.Error())
		return p
	}
	p.TimeZone = zone
	p.loc, err = time.LoadLocation(zone)
	if err != nil {
		fe.Add("time_zone", "%q is not a time zone this server knows", zone)
		return p
	}
	var ok bool
	if p.start, ok = ParseWhen(in.Start, p.loc); !ok {
		fe.Add("start", "must be a date and time, YYYY-MM-DDTHH:MM")
	}
	if p.end, ok = ParseWhen(in.End, p.loc); !ok {
		fe.Add("end", "must be a date and time, YYYY-MM-DDTHH:MM")
	}
	if p.start.IsZero() || p.end.IsZero() {
		return p
	}
	p.start, p.end = p.start.Truncate(time.Minute), p.end.Truncate(time.Minute)
	switch {
	case !p.end.After(p.start):
		fe.Add("end", "must be after the start")
	case p.end.Sub(p.start) > 31*24*time.Hour:
		fe.Add("end", "a session lasts at most 31 days")
	case p.start.Year() < 1970 || p.start.Year() > 9000:
		fe.Add("start", "must be between 1970 and 9000")
	}
	rule, err := ParseRule(in.RRule, p.start)
	if err != nil {
		fe.Add("rrule", "%s", err.Error())
	}
	p.RRule = rule
	return p
}
