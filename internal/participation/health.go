package participation

import (
	"context"
	"slices"

	"github.com/trellis-community/trellis/internal/store"
)

// HealthMonth is one month's health figures. A share is nil when there
// was nothing to share (no activity, no session), a retention nil until
// every newcomer of the month has had their whole window.
type HealthMonth struct {
	Month                       Month      `json:"month"`
	Active                      int        `json:"active_members"`
	NewMembers                  int        `json:"new_members"`
	Retained30                  int        `json:"retained_30"`
	Retained90                  int        `json:"retained_90"`
	Retention30                 *float64   `json:"retention_30"`
	Retention90                 *float64   `json:"retention_90"`
	Activities                  int        `json:"activities"`
	ActivitiesByMode            ModeCounts `json:"activities_by_mode"`
	Contributions               int        `json:"contributions"`
	Top1Share                   *float64   `json:"top_1_share"`
	Next9Share                  *float64   `json:"next_9_share"`
	Rest90Share                 *float64   `json:"rest_90_share"`
	HalfContributors            int        `json:"half_contributors"`
	FirstContributions          int        `json:"first_contributions"`
	FirstContributionMedianDays *float64   `json:"first_contribution_median_days"`
	MemberLedActivities         int        `json:"member_led_activities"`
	MemberLedShare              *float64   `json:"member_led_share"`
	Sessions                    int        `json:"sessions"`
	MemberHostedSessions        int        `json:"member_hosted_sessions"`
	MemberHostedShare           *float64   `json:"member_hosted_share"`
}

// Metric is a health figure's name and definition, as the page shows them.
type Metric struct {
	Key, Name, Definition string
}

// HealthMetrics defines every health figure, in the page's order.
func HealthMetrics() []Metric {
	return []Metric{
		{"active_members", "Active members", "Members with at least one activity in the month (any kind, any source). Months are calendar months in the community's time zone."},
		{"new_members", "New members", "Members whose first activity ever falls in the month."},
		{"retention", "Newcomer retention", "Of the month's new members, the share active again on a later day at most 30 days (90 days) after the day of their first activity; a second activity on the first day does not count. Shown once every newcomer of the month has had the whole 30 (90) days."},
		{"first_contribution", "Time to first contribution", "For members whose first contribution (an activity in contribute, collaborate or co-create) falls in the month: the median number of days from their first activity of any kind to it. 0 means they contributed on their first day."},
		{"activity_shares", "Share of activity by the most active", "The month's active members ranked by their number of activities that month: the share of all the month's activities made by the most active 1 % (rounded up to whole members), the next 9 % (up to 10 %, rounded up) and the other 90 %."},
		{"member_led", "Member-led share", "Activities in collaborate and co-create as a share of all the month's activities; and of the sessions held in the month (not cancelled), the share hosted by a member: a member is among the programme's hosts or recorded as host in the session's attendance. Sessions hosted only by team users count as staff-led."},
		{"concentration", "Concentration", "The fewest members who together made at least half of the month's contributions (activities in contribute or deeper), taking the most contributing first. A low number means a few people carry the community."},
		{"groups", "Participation by career stage, country and affiliation", "The month's active members grouped by the career stage, country and affiliation on their record when their activities were last rolled up, each split by their deepest mode that month."},
	}
}

// Health returns the health figures of every month of p. It reads the
// roll-up and, for sessions, HostedSessions.
func (s *Service) Health(ctx context.Context, p Period) ([]HealthMonth, error) {
	data, err := s.loadMonths(ctx, p.From, p.To)
	if err != nil {
		return nil, err
	}
	hosted, err := s.hostedByMonth(ctx, p)
	if err != nil {
		return nil, err
	}
	today := s.today()
	out := make([]HealthMonth, 0, p.To.Since(p.From)+1)
	for _, m := range p.Months() {
		r := data[m]
		h := HealthMonth{Month: m, Active: r.active, NewMembers: r.newMembers, Retained30: r.returned30, Retained90: r.returned90,
			ActivitiesByMode: modeCounts(r.acts), HalfContributors: r.halfContributors, FirstContributions: r.firstContributions,
			FirstContributionMedianDays: r.firstContribMedian}
		h.Activities = h.ActivitiesByMode.Total()
		h.Contributions = h.Activities - h.ActivitiesByMode.Convey
		h.MemberLedActivities = h.ActivitiesByMode.Collaborate + h.ActivitiesByMode.CoCreate
		last := monthLastDay(m)
		if today > last+retainShort {
			h.Retention30 = share(r.returned30, r.newMembers)
		}
		if today > last+retainLong {
			h.Retention90 = share(r.returned90, r.newMembers)
		}
		h.Top1Share = share(r.top1, h.Activities)
		h.Next9Share = share(r.top10-r.top1, h.Activities)
		h.Rest90Share = share(h.Activities-r.top10, h.Activities)
		h.MemberLedShare = share(h.MemberLedActivities, h.Activities)
		hs := hosted[m]
		h.Sessions, h.MemberHostedSessions = hs[0], hs[1]
		h.MemberHostedShare = share(hs[1], hs[0])
		out = append(out, h)
	}
	return out, nil
}

// share is n/of, nil when of is 0.
func share(n, of int) *float64 {
	if of == 0 {
		return nil
	}
	v := float64(n) / float64(of)
	return &v
}

// hostedByMonth counts sessions held and member-hosted ones per month.
func (s *Service) hostedByMonth(ctx context.Context, p Period) (map[Month][2]int, error) {
	out := map[Month][2]int{}
	if s.HostedSessions == nil {
		return out, nil
	}
	loc := s.location()
	// A year at a time: programming expands series over at most 400 days.
	for from := p.From; from <= p.To; from = from.Add(12) {
		to := min(from.Add(11), p.To)
		list, err := s.HostedSessions(ctx, from.Start(loc), to.End(loc))
		if err != nil {
			return nil, err
		}
		for _, h := range list {
			m := MonthOf(h.Start, loc)
			c := out[m]
			c[0]++
			if h.MemberHosted {
				c[1]++
			}
			out[m] = c
		}
	}
	return out, nil
}

// Group is one value of a dimension (a career stage, a country, an
// affiliation) in a month: its active members by deepest mode.
type Group struct {
	Value      string     `json:"value"` // "" for not recorded; "other" rows have Other set
	Other      int        `json:"other_values,omitempty"`
	Members    ModeCounts `json:"members"`
	Active     int        `json:"active_members"`
	Activities int        `json:"activities"`
}

// Dimensions the groups are made by.
var Dimensions = []string{"career_stage", "country", "affiliation"}

// GroupsShown is how many values of a dimension are listed before the
// rest are summed as other.
const GroupsShown = 12

// Groups returns month m's active members by each dimension, the values
// with most members first (ties by value), at most GroupsShown of them and
// then one row summing the others.
func (s *Service) Groups(ctx context.Context, m Month) (map[string][]Group, error) {
	rows, err := s.DB.Query(ctx, "SELECT dimension, value, deepest, members, activities FROM participation_month_groups WHERE generation = "+liveGeneration+" AND month = ?", int64(m))
	if err != nil {
		return nil, store.Wrap(err, "Could not read the participation groups.")
	}
	defer rows.Close()
	byDim := map[string]map[string]*Group{}
	for rows.Next() {
		var dim, val string
		var depth, n, acts int
		if err := rows.Scan(&dim, &val, &depth, &n, &acts); err != nil {
			return nil, store.Wrap(err, "Could not read the participation groups.")
		}
		if byDim[dim] == nil {
			byDim[dim] = map[string]*Group{}
		}
		g := byDim[dim][val]
		if g == nil {
			g = &Group{Value: val}
			byDim[dim][val] = g
		}
		g.addDepth(depth, n)
		g.Active += n
		g.Activities += acts
	}
	if err := rows.Err(); err != nil {
		return nil, store.Wrap(err, "Could not read the participation groups.")
	}
	out := map[string][]Group{}
	for _, dim := range Dimensions {
		var list []Group
		for _, g := range byDim[dim] {
			list = append(list, *g)
		}
		slices.SortFunc(list, func(a, b Group) int {
			if a.Active != b.Active {
				return b.Active - a.Active
			}
			if a.Value < b.Value {
				return -1
			}
			return 1
		})
		if len(list) > GroupsShown {
			other := Group{}
			for _, g := range list[GroupsShown:] {
				other.Other++
				other.Active += g.Active
				other.Activities += g.Activities
				for d := 1; d <= 4; d++ {
					other.addDepth(d, g.Members.At(d))
				}
			}
			list = append(list[:GroupsShown], other)
		}
		if list == nil {
			list = []Group{}
		}
		out[dim] = list
	}
	return out, nil
}

func (g *Group) addDepth(d, n int) {
	switch d {
	case 1:
		g.Members.Convey += n
	case 2:
		g.Members.Contribute += n
	case 3:
		g.Members.Collaborate += n
	case 4:
		g.Members.CoCreate += n
	}
}
