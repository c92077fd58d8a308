package participation

import (
	"context"
	"math"
)

// Signal is one data signal shown beside the lifecycle stage: a figure
// over the three most recent months it can be read for, against the three
// before, and which way it went.
type Signal struct {
	Key        string   `json:"key"`
	Name       string   `json:"name"`
	Definition string   `json:"definition"`
	Share      bool     `json:"share"` // Recent and Earlier are shares (0-1), else counts
	Recent     *float64 `json:"recent"`
	Earlier    *float64 `json:"earlier"`
	RecentFrom string   `json:"recent_from"` // YYYY-MM, "" when there is no recent figure
	RecentTo   string   `json:"recent_to"`
	Trend      string   `json:"trend"` // rising, falling, steady, unknown
}

// TrendDefinition says when a signal is rising or falling.
const TrendDefinition = "A count is rising when its recent figure is more than 5 % above the earlier one and falling when more than 5 % below; a share is rising or falling when it moved by more than 2 percentage points. Otherwise it is steady; unknown when either figure is missing."

// Lifecycle is the community's recorded stage, its history and the
// signals to read beside it.
type Lifecycle struct {
	Current *LifecycleEntry  `json:"current"` // the latest entry on or before today; nil when none
	History []LifecycleEntry `json:"history"` // every entry, latest first
	Signals []Signal         `json:"signals"`
	Models  []LifecycleModel `json:"models"`
}

// Lifecycle returns the current stage, the history and the signals.
func (s *Service) Lifecycle(ctx context.Context) (Lifecycle, error) {
	entries, err := s.LifecycleEntries(ctx)
	if err != nil {
		return Lifecycle{}, err
	}
	sig, err := s.Signals(ctx)
	if err != nil {
		return Lifecycle{}, err
	}
	l := Lifecycle{History: entries, Signals: sig, Models: LifecycleModels()}
	today := s.todayDate()
	for i := range entries {
		if entries[i].Since <= today {
			l.Current = &entries[i]
			break
		}
	}
	return l, nil
}

// Signals reads the lifecycle signals from the last twelve complete
// months' health figures: growth (active and new members), newcomer
// retention and the member-led shares, each over its three most recent
// months against the three before. Retention only uses months whose
// newcomers have had their whole 30 days.
func (s *Service) Signals(ctx context.Context) ([]Signal, error) {
	last := s.CurrentMonth().Add(-1)
	hs, err := s.Health(ctx, Period{From: last.Add(-11), To: last})
	if err != nil {
		return nil, err
	}
	counts := func(key, name, def string, f func(HealthMonth) int) Signal {
		sg := Signal{Key: key, Name: name, Definition: def}
		n := len(hs)
		sg.RecentFrom, sg.RecentTo = hs[n-3].Month.String(), hs[n-1].Month.String()
		var a, b float64
		for _, h := range hs[n-3:] {
			a += float64(f(h))
		}
		for _, h := range hs[n-6 : n-3] {
			b += float64(f(h))
		}
		a, b = a/3, b/3
		sg.Recent, sg.Earlier = &a, &b
		sg.Trend = "unknown"
		if b > 0 {
			sg.Trend = trend(a/b-1, 0.05)
		}
		return sg
	}
	shares := func(key, name, def string, ok func(HealthMonth) bool, num, den func(HealthMonth) int) Signal {
		sg := Signal{Key: key, Name: name, Definition: def, Share: true, Trend: "unknown"}
		var usable []HealthMonth
		for _, h := range hs {
			if ok(h) {
				usable = append(usable, h)
			}
		}
		if len(usable) < 3 {
			return sg
		}
		pool := func(list []HealthMonth) *float64 {
			n, d := 0, 0
			for _, h := range list {
				n, d = n+num(h), d+den(h)
			}
			return share(n, d)
		}
		k := len(usable)
		sg.RecentFrom, sg.RecentTo = usable[k-3].Month.String(), usable[k-1].Month.String()
		sg.Recent = pool(usable[k-3:])
		if k >= 6 {
			sg.Earlier = pool(usable[k-6 : k-3])
		}
		if sg.Recent != nil && sg.Earlier != nil {
			sg.Trend = trend(*sg.Recent-*sg.Earlier, 0.02)
		}
		return sg
	}
	all := func(HealthMonth) bool { return true }
	return []Signal{
		counts("active_members", "Growth: active members", "Active members per month, averaged over three months.", func(h HealthMonth) int { return h.Active }),
		counts("new_members", "Growth: new members", "New members (first activity) per month, averaged over three months.", func(h HealthMonth) int { return h.NewMembers }),
		shares("retention_30", "Newcomer retention (30 days)", "New members of three months together, the share active again within 30 days of their first day; only months whose newcomers have all had their 30 days.",
			func(h HealthMonth) bool { return h.Retention30 != nil }, func(h HealthMonth) int { return h.Retained30 }, func(h HealthMonth) int { return h.NewMembers }),
		shares("member_led_share", "Member-led activity", "Collaborate and co-create activities as a share of all activities, over three months together.",
			all, func(h HealthMonth) int { return h.MemberLedActivities }, func(h HealthMonth) int { return h.Activities }),
		shares("member_hosted_share", "Member-hosted sessions", "Sessions hosted by a member as a share of all sessions held, over three months together.",
			all, func(h HealthMonth) int { return h.MemberHostedSessions }, func(h HealthMonth) int { return h.Sessions }),
	}, nil
}

// trend names a change d against threshold t.
func trend(d, t float64) string {
	switch {
	case math.IsNaN(d):
		return "unknown"
	case d > t+1e-9:
		return "rising"
	case d < -t-1e-9:
		return "falling"
	}
	return "steady"
}
