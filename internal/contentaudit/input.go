package contentaudit

import (
	"time"

	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
)

// Input is everything one audit reads. Run never touches the database:
// the loaders gather these facts and the rules reason over them.
type Input struct {
	// From and To are the period's calendar dates, YYYY-MM-DD, both
	// inclusive.
	From, To string
	// Today is the date the audit runs (the community's today). Review-by
	// dates are judged as of the earlier of Today and the day after To,
	// so an audit of a past quarter says what was overdue by its end.
	Today string
	// Goals are all the community's shared goals, active and retired.
	Goals []Goal
	// Items are the programmes and content items dated within the period,
	// and those dated before it or undated that a rule can look at (Load
	// reads only those; any others would change nothing). Items before
	// the period tell which goals were served only in the past and which
	// items are overdue for review; only items in the period are listed
	// and judged on their modes, modalities, audiences and goals.
	Items []Item
	// Members is the member side: how many members there are and what
	// they prefer.
	Members Members
}

// Goal is one shared goal as the audit needs it.
type Goal struct {
	ID     int64
	Title  string
	Path   string // its page, such as "/goals/3"
	Status string // "active" or "retired"
	// RetiredOn is the date it was retired, YYYY-MM-DD, "" while active.
	// A goal retired after the period still counts as active in it.
	RetiredOn string
}

// Item kinds, as goals.Contribution names them.
const (
	KindProgramme = "programme"
	KindContent   = "content"
)

// Item is one programme or content item with the facts the audit needs.
type Item struct {
	Kind  string `json:"kind"` // KindProgramme or KindContent
	ID    int64  `json:"id"`
	Title string `json:"title"`
	Path  string `json:"path"` // its page, such as "/programmes/12" or "/content/40"
	// Type is the programme's or content item's own kind as the UI shows
	// it ("Workshop", "Blog post").
	Type   string `json:"type"`
	Status string `json:"status"` // as the UI shows it ("Completed", "Published")
	// Withdrawn is set for a cancelled programme or an archived content
	// item: it is listed, but offers nothing, serves no goal and needs no
	// review.
	Withdrawn bool `json:"withdrawn"`
	// On and Until are the first and last dates the item takes place or is
	// out, YYYY-MM-DD. Until "" means the single day On; On "" means
	// undated (an idea), which is not in any period. A programme runs from
	// its first session to its last; one that is ongoing gives Until as
	// the period's end. A content item is on its published date, else its
	// planned date.
	On    string `json:"on"`
	Until string `json:"until"`
	// Goals are the goals it serves. A programme's include those its
	// sessions in the period serve.
	Goals []goals.Link `json:"goals"`
	// Modes are the participation modes a programme offers or a content
	// item invites.
	Modes      []participation.Mode     `json:"modes"`
	Modalities []participation.Modality `json:"modalities"`
	Timings    []participation.Timing   `json:"timings"`
	Audience   members.Audience         `json:"audience"`
	// ReviewBy is the date by which a content item should be reviewed,
	// YYYY-MM-DD, or "".
	ReviewBy string `json:"review_by"`
	// EffortHours is the time the item asks in the period, 0 when not
	// said: for a programme its time commitment (minutes per session
	// times its sessions in the period, or hours per month times the
	// months it runs in the period).
	EffortHours float64 `json:"effort_hours"`
	// Reach holds the figures of how many it reached, one per metric
	// ("attendees", "views", "downloads", "clicks"): the latest reading of
	// each, or for a programme the attendance summed over its sessions in
	// the period. Empty when nothing is known.
	Reach []Reach `json:"reach"`
	// Sessions are a programme's occurrences starting within the period,
	// cancelled ones left out, moved ones at their new time.
	Sessions []Session `json:"sessions"`
}

// Reach is one figure of how many an item reached.
type Reach struct {
	Metric string  `json:"metric"` // "attendees", "views", "downloads", "clicks" or a custom name
	Count  float64 `json:"count"`
}

// Session is one occurrence of a programme.
type Session struct {
	ID    int64     `json:"id"` // the session (the series' master for a recurring one)
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// TimeZone is the IANA zone it is planned in ("Europe/Berlin").
	TimeZone string `json:"time_zone"`
}

// Members is the member side of the audit: counts of the members who are
// not archived.
type Members struct {
	Total int
	// CountedAt is when the counts below Segments were made (see
	// Service.SegmentTTL).
	CountedAt time.Time
	// PreferWritten counts members whose preferred modality is written
	// (not "both"); PreferAsynchronous those whose preferred timing is
	// asynchronous (not "both"); PreferWrittenOrAsync those with either.
	PreferWritten        int
	PreferAsynchronous   int
	PreferWrittenOrAsync int
	// ByTimeZone counts members per IANA time zone; members with none
	// recorded are left out.
	ByTimeZone map[string]int
	// ByStage counts members per career stage; members with none
	// recorded are left out.
	ByStage map[members.CareerStage]int
	// Segments are the saved segments with how many members each holds.
	Segments []Segment
}

// Segment is one saved segment and how many members it holds.
type Segment struct {
	ID      int64
	Name    string
	Path    string // the members list filtered by it
	Members int
	// CountedAt is when Members was counted (see Service.SegmentTTL).
	CountedAt time.Time
	// Counted is false when Members was not counted: the segment cannot be
	// opened (Problem), or an item in the period is aimed at it, so no gap
	// needs the figure.
	Counted bool
	// Problem is set when the segment can no longer be opened (see
	// members.Segment.Problem); it is then not counted nor judged.
	Problem string
}
