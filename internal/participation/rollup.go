package participation

import (
	"slices"
	"time"
)

// The roll-up: what each member did in each month, and each month's
// figures made from it. These functions are pure; rollup_store.go reads
// activities into them and writes what they return.

// act is one activity as the roll-up reads it: when, and its kind's
// mode as a depth (1 convey ... 4 co-create).
type act struct {
	at    int64
	depth int8
}

// dims are the member's fields the figures group by.
type dims struct {
	careerStage, country, affiliation string
}

// memberMonth is one row of participation_member_months.
type memberMonth struct {
	memberID          int64
	month             Month
	deepest           int
	modes             int
	acts              [4]int // by depth-1
	firstDay, lastDay int
	newcomer          bool
	returned30        bool
	returned90        bool
	firstContribution int // days; -1 when not this month
	dims
}

func (r memberMonth) total() int         { return r.acts[0] + r.acts[1] + r.acts[2] + r.acts[3] }
func (r memberMonth) contributions() int { return r.acts[1] + r.acts[2] + r.acts[3] }

// Retention windows: a newcomer counts as retained at 30 (90) days when
// they were active again on a later day at most 30 (90) days after the day
// of their first activity, days being the community's calendar days.
const (
	retainShort = 30
	retainLong  = 90
)

// civilDay numbers the calendar day t falls on in loc, so that two days'
// numbers differ by the days between them whatever daylight saving does.
func civilDay(t time.Time, loc *time.Location) int64 {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// daysFromCivil numbers the day y-m-d (proleptic Gregorian) from
// 1970-01-01, as civilDay does, without building a time.Time: the
// roll-up does it for every activity. (Howard Hinnant's algorithm.)
func daysFromCivil(y int, m time.Month, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := (int(m) + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// memberMonths rolls one member's activities (sorted by time) up into
// their months in loc.
func memberMonths(memberID int64, acts []act, loc *time.Location, d dims) []memberMonth {
	return appendMemberMonths(nil, memberID, acts, loc, d)
}

// appendMemberMonths is memberMonths appending to out, so a caller rolling
// member after member reuses one slice.
func appendMemberMonths(out []memberMonth, memberID int64, acts []act, loc *time.Location, d dims) []memberMonth {
	if len(acts) == 0 {
		return out
	}
	base := len(out)
	var first int64
	r30, r90 := false, false
	firstContrib, contribMonth := -1, Month(0)
	for i, a := range acts {
		y, mo, dd := time.Unix(a.at, 0).In(loc).Date()
		m := Month(y*100 + int(mo))
		day := daysFromCivil(y, mo, dd)
		if i == 0 {
			first = day
		}
		if gap := day - first; gap >= 1 {
			r30 = r30 || gap <= retainShort
			r90 = r90 || gap <= retainLong
		}
		if a.depth >= 2 && firstContrib < 0 {
			firstContrib, contribMonth = int(day-first), m
		}
		if len(out) == base || out[len(out)-1].month != m {
			out = append(out, memberMonth{memberID: memberID, month: m, firstDay: dd, firstContribution: -1, dims: d})
		}
		r := &out[len(out)-1]
		r.acts[a.depth-1]++
		r.modes |= 1 << (a.depth - 1)
		r.deepest = max(r.deepest, int(a.depth))
		r.lastDay = dd
	}
	out[base].newcomer, out[base].returned30, out[base].returned90 = true, r30, r90
	if firstContrib >= 0 {
		for i := base; i < len(out); i++ {
			if out[i].month == contribMonth {
				out[i].firstContribution = firstContrib
			}
		}
	}
	return out
}

// monthRow is one row of participation_months.
type monthRow struct {
	month              Month
	active             int
	members            [4]int // by deepest mode
	acts               [4]int // activities by mode
	newMembers         int
	returned30         int
	returned90         int
	top1, top10        int
	halfContributors   int
	firstContributions int
	firstContribMedian *float64
	packed             []byte // the month's members, see flows_pack.go
}

// groupKey and group are one row of participation_month_groups.
type groupKey struct {
	dimension, value string
	deepest          int
}

type group struct{ members, activities int }

// monthAcc makes one month's figures from its member rows, fed in any
// order.
type monthAcc struct {
	row      monthRow
	totals   []int
	contribs []int
	days     []int
	members  []memberDepth
	groups   map[groupKey]*group
}

func newMonthAcc(m Month) *monthAcc {
	return &monthAcc{row: monthRow{month: m}, groups: map[groupKey]*group{}}
}

func (a *monthAcc) add(r memberMonth) {
	a.row.active++
	a.row.members[r.deepest-1]++
	for i, n := range r.acts {
		a.row.acts[i] += n
	}
	if r.newcomer {
		a.row.newMembers++
		if r.returned30 {
			a.row.returned30++
		}
		if r.returned90 {
			a.row.returned90++
		}
	}
	a.totals = append(a.totals, r.total())
	a.members = append(a.members, memberDepth{id: r.memberID, depth: r.deepest})
	if c := r.contributions(); c > 0 {
		a.contribs = append(a.contribs, c)
	}
	if r.firstContribution >= 0 {
		a.days = append(a.days, r.firstContribution)
	}
	for _, kv := range [...][2]string{{"career_stage", r.careerStage}, {"country", r.country}, {"affiliation", r.affiliation}} {
		k := groupKey{kv[0], kv[1], r.deepest}
		g := a.groups[k]
		if g == nil {
			g = &group{}
			a.groups[k] = g
		}
		g.members++
		g.activities += r.total()
	}
}

// finish works out the figures that need the whole month: the shares of
// the most active, concentration and the median time to first
// contribution.
func (a *monthAcc) finish() monthRow {
	r := a.row
	slices.SortFunc(a.totals, func(x, y int) int { return y - x })
	n := len(a.totals)
	k1, k10 := (n+99)/100, (n+9)/10
	for i, t := range a.totals {
		if i < k1 {
			r.top1 += t
		}
		if i < k10 {
			r.top10 += t
		}
	}
	r.halfContributors = halfOf(a.contribs)
	r.firstContributions = len(a.days)
	r.firstContribMedian = median(a.days)
	r.packed = packMembers(a.members)
	return r
}

// halfOf is the fewest of the counts whose sum is at least half of all of
// them: how many people make half of the contributions. It sorts counts.
func halfOf(counts []int) int {
	slices.SortFunc(counts, func(x, y int) int { return y - x })
	total := 0
	for _, c := range counts {
		total += c
	}
	sum := 0
	for i, c := range counts {
		sum += c
		if 2*sum >= total {
			return i + 1
		}
	}
	return 0
}

// median is the middle value of vs (the mean of the two middle ones for
// an even count), nil for none. It sorts vs.
func median(vs []int) *float64 {
	if len(vs) == 0 {
		return nil
	}
	slices.Sort(vs)
	n := len(vs)
	m := float64(vs[n/2])
	if n%2 == 0 {
		m = float64(vs[n/2-1]+vs[n/2]) / 2
	}
	return &m
}
