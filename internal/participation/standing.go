package participation

import (
	"math"
	"time"
)

// Where each member stands: their current mode, the pathway that brought
// them there, their engagement and their journey stage. All of it is
// derived from the member's activities by Derive, a pure function; the
// store keeps its result per member (member_standing) so lists and the
// member's JSON read it cheaply, and re-derives it when activities arrive,
// when the rules change, and each day as the window slides.
//
// Days. A member's mode changes on calendar days, and the calendar is the
// community's: an activity's day is the date of its time in the
// community's time zone (the one the dashboard's "today" uses, see
// internal/clock), never the member's own zone. Every member's window
// then slides at the same midnight, one daily re-derivation serves them
// all, and "in the last 90 days" means the same on every page. A member in
// Auckland who posts at 09:00 on their Tuesday, while it is still Monday
// where the community keeps its calendar, is counted on Monday.
//
// The window. On day t a member is active in a mode when they have an
// activity of that mode on a day d with t-W < d <= t, W the window in
// days: the window's first day is t-W+1 and its last day is t itself, W
// days in all. An activity on day d therefore counts from day d through
// day d+W-1, and leaves the window on day d+W.
//
// The pathway. Mode(t) is the deepest mode active on day t, or none. The
// pathway is every day t on which Mode(t) differs from Mode(t-1), from the
// member's first activity to today: moving up when a deeper activity
// arrives, down or out (to none) on the day the last activity of a mode
// leaves the window, and back in when they return. mode_since is the day of
// the last step.

// NoMode is the mode of a member with no activity in the window.
const NoMode Mode = "none"

// Day is a calendar date in the community's time zone, counted in days
// since 1970-01-01. Its zero is 1 January 1970, which no activity before
// Trellis's time has; NoDay marks "none".
type Day int32

// NoDay is the Day of something that never happened.
const NoDay Day = math.MinInt32

// DayOf is the community's date of instant t (unix seconds) in loc.
func DayOf(t int64, loc *time.Location) Day {
	if loc == nil || loc == time.UTC {
		return Day(floorDiv(t, 86400))
	}
	_, off := time.Unix(t, 0).In(loc).Zone()
	return Day(floorDiv(t+int64(off), 86400))
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// Date is the day as a time at midnight UTC (for formatting as a date).
func (d Day) Date() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// String is the day as YYYY-MM-DD, or "" for NoDay.
func (d Day) String() string {
	if d == NoDay {
		return ""
	}
	return d.Date().Format(time.DateOnly)
}

// ParseDay reads a YYYY-MM-DD date.
func ParseDay(s string) (Day, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return NoDay, err
	}
	return Day(t.Unix() / 86400), nil
}

// Start is the instant day d begins in loc, as unix seconds.
func (d Day) Start(loc *time.Location) int64 {
	y, m, dd := d.Date().Date()
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(y, m, dd, 0, 0, 0, 0, loc).Unix()
}

// Act is one activity as the derivation sees it: when, on which of the
// community's days, in which mode and with what weight (its kind's, now).
type Act struct {
	At     int64 // unix seconds
	Day    Day
	Mode   Mode
	Weight int
}

// Step is one move on a member's pathway: on Day their mode went from
// From to To (either may be NoMode).
type Step struct {
	Day  Day
	From Mode
	To   Mode
}

// Up reports whether the step went to a deeper mode.
func (s Step) Up() bool { return s.To.Depth() > s.From.Depth() }

// Standing is where one member stands on day AsOf, derived from their
// activities by Derive.
type Standing struct {
	MemberID int64
	// Mode is the deepest mode with an activity in the window ending on
	// AsOf, or NoMode.
	Mode Mode
	// ModeSince is the day Mode began (the last pathway step), NoDay for
	// a member never active.
	ModeSince Day
	// PrevMode is the deepest mode of the window before: days
	// AsOf-2W+1 through AsOf-W.
	PrevMode Mode
	// DeepestMode is the deepest mode of any activity, ever.
	DeepestMode Mode
	Stage       Stage
	// Engagement is the sum over the member's activities of weight *
	// 2^(-age/half-life), age from the activity to ComputedAt.
	Engagement float64
	// Activities counts every activity up to AsOf; RegularDays the days
	// of the window with a contribute-or-deeper activity.
	Activities  int
	RegularDays int
	FirstAt     int64 // unix seconds; 0 when none
	LastAt      int64
	FirstDay    Day
	LastDay     Day
	Pathway     []Step
	AsOf        Day
	ComputedAt  int64
	halfLife    float64 // seconds, for EngagementKey
}

// Derive works out where a member stands on day today (in the community's
// calendar), at instant asOf, with settings st, from acts: the member's
// activities sorted by time. Activities after today are left out. It is
// pure: the same history gives the same standing.
func Derive(acts []Act, today Day, asOf int64, st Settings) Standing {
	// halfLife is set before anything returns: a member whose only
	// activities are after today has engagement 0, and a zero half-life
	// made their engagement key +Inf, first in every list by engagement,
	// and never equal to itself, so every pass wrote their row again.
	out := Standing{Mode: NoMode, PrevMode: NoMode, DeepestMode: NoMode, ModeSince: NoDay,
		FirstDay: NoDay, LastDay: NoDay, AsOf: today, ComputedAt: asOf, halfLife: float64(st.HalfLifeDays) * 86400}
	n := 0
	for n < len(acts) && acts[n].Day <= today {
		n++
	}
	acts = acts[:n]
	if n == 0 {
		out.Stage = stageOf(&out, st)
		return out
	}
	W := Day(st.WindowDays)
	out.Activities = n
	out.FirstAt, out.LastAt = acts[0].At, acts[n-1].At
	out.FirstDay, out.LastDay = acts[0].Day, acts[n-1].Day

	// The pathway: Mode can only change on a day an activity arrives (d)
	// or leaves the window (d+W), so those are the only days looked at,
	// in order, merging the two ascending sequences.
	var last [5]Day
	for i := range last {
		last[i] = NoDay
	}
	cur := 0
	i, j := 0, 0
	for i < n || j < n {
		c := Day(math.MaxInt32)
		if i < n {
			c = acts[i].Day
		}
		if e := acts[j].Day + W; e < c {
			c = e
		}
		if c > today {
			break
		}
		for i < n && acts[i].Day <= c {
			if d := depthOf(acts[i].Mode); d > 0 {
				last[d] = acts[i].Day
			}
			i++
		}
		for j < n && acts[j].Day+W <= c {
			j++
		}
		m := 0
		for d := 4; d >= 1; d-- {
			if last[d] != NoDay && last[d] > c-W {
				m = d
				break
			}
		}
		if m != cur {
			out.Pathway = append(out.Pathway, Step{Day: c, From: modeAt(cur), To: modeAt(m)})
			cur = m
		}
	}
	out.Mode = modeAt(cur)
	if len(out.Pathway) > 0 {
		out.ModeSince = out.Pathway[len(out.Pathway)-1].Day
	}

	prev, deepest := 0, 0
	regular, lastRegular := 0, NoDay
	halfLife := out.halfLife
	for _, a := range acts {
		d := depthOf(a.Mode)
		deepest = max(deepest, d)
		if a.Day > today-2*W && a.Day <= today-W {
			prev = max(prev, d)
		}
		if a.Day > today-W && d >= 2 && a.Day != lastRegular {
			regular++
			lastRegular = a.Day
		}
		out.Engagement += Contribution(a.Weight, asOf-a.At, halfLife)
	}
	out.PrevMode, out.DeepestMode, out.RegularDays = modeAt(prev), modeAt(deepest), regular
	out.Stage = stageOf(&out, st)
	return out
}

// Contribution is what one activity of weight adds to engagement when it
// is age seconds old, with the half-life in seconds: weight *
// 2^(-age/halfLife). An activity a few minutes in the future (clocks
// drift) counts as made now, never more than its weight.
func Contribution(weight int, age int64, halfLife float64) float64 {
	if age <= 0 {
		return float64(weight)
	}
	return float64(weight) * math.Exp2(-float64(age)/halfLife)
}

// depthOf is m.Depth without building Modes: it runs once per activity
// in a re-derivation of everyone.
func depthOf(m Mode) int {
	switch m {
	case Convey:
		return 1
	case Contribute:
		return 2
	case Collaborate:
		return 3
	case CoCreate:
		return 4
	}
	return 0
}

// modeAt is the mode of depth d (1 convey ... 4 co-create), NoMode for 0.
func modeAt(d int) Mode {
	switch d {
	case 1:
		return Convey
	case 2:
		return Contribute
	case 3:
		return Collaborate
	case 4:
		return CoCreate
	}
	return NoMode
}

// ModeLabel is a mode's label, "None" for NoMode.
func ModeLabel(m Mode) string {
	if m == NoMode || m == "" {
		return "None"
	}
	return m.Label()
}
