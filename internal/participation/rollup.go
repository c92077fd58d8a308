package participation

import (
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
// order. An incremental roll-up also takes rows out (remove) of a month
// it read back from its stored figures (loadMonth): every figure is a sum
// or is made from the distributions, so taking a row out undoes adding it.
type monthAcc struct {
	row     monthRow
	dist    monthDist
	base    []memberDepth  // the members stored before, ascending by id
	gone    map[int64]bool // members of base taken out
	members []memberDepth  // members put in
	groups  map[groupKey]*group
}

func newMonthAcc(m Month) *monthAcc {
	return &monthAcc{row: monthRow{month: m}, dist: newMonthDist(), groups: map[groupKey]*group{}}
}

func (a *monthAcc) add(r memberMonth) { a.apply(r, 1) }

// remove takes r, added before or stored, out of the month.
func (a *monthAcc) remove(r memberMonth) { a.apply(r, -1) }

func (a *monthAcc) apply(r memberMonth, sign int) {
	a.row.active += sign
	a.row.members[r.deepest-1] += sign
	for i, n := range r.acts {
		a.row.acts[i] += sign * n
	}
	if r.newcomer {
		a.row.newMembers += sign
		if r.returned30 {
			a.row.returned30 += sign
		}
		if r.returned90 {
			a.row.returned90 += sign
		}
	}
	a.dist.totals.add(r.total(), sign)
	if sign > 0 {
		a.members = append(a.members, memberDepth{id: r.memberID, depth: r.deepest})
	} else {
		if a.gone == nil {
			a.gone = map[int64]bool{}
		}
		a.gone[r.memberID] = true
	}
	if c := r.contributions(); c > 0 {
		a.dist.contribs.add(c, sign)
	}
	if r.firstContribution >= 0 {
		a.dist.days.add(r.firstContribution, sign)
	}
	for _, kv := range [...][2]string{{"career_stage", r.careerStage}, {"country", r.country}, {"affiliation", r.affiliation}} {
		k := groupKey{kv[0], kv[1], r.deepest}
		g := a.groups[k]
		if g == nil {
			g = &group{}
			a.groups[k] = g
		}
		g.members += sign
		g.activities += sign * r.total()
	}
}

// merge adds what delta (an accumulator of added and removed rows,
// started empty) changes to a, a month's stored figures: its sums, its
// distributions and its members. a's groups become delta's changes to
// them.
func (a *monthAcc) merge(delta *monthAcc) {
	d, r := delta.row, &a.row
	r.active += d.active
	for i := range 4 {
		r.members[i] += d.members[i]
		r.acts[i] += d.acts[i]
	}
	r.newMembers += d.newMembers
	r.returned30 += d.returned30
	r.returned90 += d.returned90
	for _, p := range [][2]hist{{a.dist.totals, delta.dist.totals}, {a.dist.contribs, delta.dist.contribs}, {a.dist.days, delta.dist.days}} {
		for v, n := range p[1] {
			p[0].add(v, n)
		}
	}
	a.gone, a.members, a.groups = delta.gone, delta.members, delta.groups
}

// consistent reports whether a's sums and distributions could be a
// month's: none negative, as many members counted as in the distribution
// of their activities.
func (a *monthAcc) consistent() bool {
	r := a.row
	if r.active < 0 || r.newMembers < 0 || r.returned30 < 0 || r.returned90 < 0 || !a.dist.ok() || a.dist.totals.count() != r.active {
		return false
	}
	for i := range 4 {
		if r.members[i] < 0 || r.acts[i] < 0 {
			return false
		}
	}
	return true
}

// finish works out the figures that need the whole month: the shares of
// the most active, concentration and the median time to first
// contribution, from the distributions; and packs the month's members.
func (a *monthAcc) finish() monthRow {
	r := a.row
	n := r.active
	r.top1 = a.dist.totals.topSum((n + 99) / 100)
	r.top10 = a.dist.totals.topSum((n + 9) / 10)
	r.halfContributors = a.dist.contribs.half()
	r.firstContributions = a.dist.days.count()
	r.firstContribMedian = a.dist.days.median()
	list := a.members
	if len(a.base) > 0 {
		list = make([]memberDepth, 0, len(a.base)+len(a.members))
		for _, m := range a.base {
			if !a.gone[m.id] {
				list = append(list, m)
			}
		}
		list = append(list, a.members...)
	}
	r.packed = packMembers(list)
	return r
}
