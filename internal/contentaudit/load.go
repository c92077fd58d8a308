package contentaudit

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/programming"
)

// Audit loads what the audit needs for the period from to to (YYYY-MM-DD,
// both inclusive) and runs the rules. It fails with Invalid naming "from"
// or "to" when the period is not two dates in order.
func (s *Service) Audit(ctx context.Context, from, to string) (Result, error) {
	in, err := s.Load(ctx, from, to)
	if err != nil {
		return Result{}, err
	}
	res, err := Run(in)
	res.MembersCountedAt = in.Members.CountedAt
	for _, seg := range in.Members.Segments {
		if seg.Counted && seg.CountedAt.Before(res.MembersCountedAt) {
			res.MembersCountedAt = seg.CountedAt
		}
	}
	return res, err
}

// Load gathers the Input for the period from to to: the goals, the
// programmes (from programming, its sessions expanded by their own rules)
// and content items in the period, what from before it can still change
// a finding (see loadBefore), and the member side. Each part is read in a
// few set-based queries, whatever the number of items.
func (s *Service) Load(ctx context.Context, from, to string) (Input, error) {
	return s.load(ctx, from, to, false)
}

// load is Load; everything reads every item from before the period, as
// the tests' reference for what the rules need.
func (s *Service) load(ctx context.Context, from, to string, everything bool) (Input, error) {
	if _, err := checkPeriod(from, to); err != nil {
		return Input{}, err
	}
	in := Input{From: from, To: to, Today: s.Today()}
	var err error
	if in.Goals, err = s.loadGoals(ctx); err != nil {
		return Input{}, err
	}
	if s.Programming != nil {
		if err := s.loadProgrammes(ctx, &in); err != nil {
			return Input{}, err
		}
	}
	if s.Content != nil {
		if err := s.loadContent(ctx, &in); err != nil {
			return Input{}, err
		}
	}
	if err := s.loadBefore(ctx, &in, everything); err != nil {
		return Input{}, err
	}
	titleGoals(in.Goals, in.Items)
	if in.Members, err = s.LoadMembers(ctx, SegmentsAimedAt(from, to, in.Items)); err != nil {
		return Input{}, err
	}
	return in, nil
}

// loadBefore adds to in (holding the period's items) the items from
// before the period that a rule looks at: those not withdrawn that serve
// an active goal nothing in the period serves (goal_served_by_nothing and
// goal_served_only_before count and link them), and those past their
// review-by date (review_overdue). Every other past item changes no
// finding, and most of a community's items are past: reading them all
// was most of an audit's time.
func (s *Service) loadBefore(ctx context.Context, in *Input, everything bool) error {
	p := period{from: in.From, to: in.To}
	served := map[int64]bool{}
	for _, it := range in.Items {
		if !it.Withdrawn && it.inPeriod(p) {
			for _, l := range it.Goals {
				served[l.GoalID] = true
			}
		}
	}
	var unserved []int64
	for _, g := range in.Goals {
		if !served[g.ID] && g.activeIn(p) {
			unserved = append(unserved, g.ID)
		}
	}
	if s.Programming != nil {
		start, end := s.bounds(in.From, in.To)
		facts, err := s.Programming.AuditFactsBefore(ctx, start, end, programming.AuditBefore{Goals: unserved, All: everything})
		if err != nil {
			return err
		}
		for _, f := range facts {
			in.Items = append(in.Items, programmeItem(f, s.location(), in.From, in.To))
		}
	}
	if s.Content != nil {
		facts, err := s.Content.AuditFactsBefore(ctx, in.From,
			content.AuditBefore{Goals: unserved, ReviewBefore: reviewAsOf(in.Today, in.To), All: everything})
		if err != nil {
			return err
		}
		addContent(in, facts)
	}
	return nil
}

func (s *Service) loadGoals(ctx context.Context) ([]Goal, error) {
	rows, err := s.DB.Query(ctx, "SELECT id, title, status, retired_on FROM goals ORDER BY lower(title), id")
	if err != nil {
		return nil, fmt.Errorf("load goals for the audit: %w", err)
	}
	defer rows.Close()
	var out []Goal
	for rows.Next() {
		var g Goal
		if err := rows.Scan(&g.ID, &g.Title, &g.Status, &g.RetiredOn); err != nil {
			return nil, fmt.Errorf("load goals for the audit: %w", err)
		}
		g.Path = fmt.Sprintf("/goals/%d", g.ID)
		out = append(out, g)
	}
	return out, rows.Err()
}

// titleGoals names each goal an item serves by the goal's title (the
// loaders read links alone).
func titleGoals(gs []Goal, items []Item) {
	titles := make(map[int64]string, len(gs))
	for _, g := range gs {
		titles[g.ID] = g.Title
	}
	for i := range items {
		for j := range items[i].Goals {
			items[i].Goals[j].Title = titles[items[i].Goals[j].GoalID]
		}
	}
}

// bounds are the period's first instant and the instant after its last
// day, in the community's zone.
func (s *Service) bounds(from, to string) (time.Time, time.Time) {
	loc := s.location()
	f, _ := time.ParseInLocation(time.DateOnly, from, loc)
	t, _ := time.ParseInLocation(time.DateOnly, to, loc)
	return f, t.AddDate(0, 0, 1)
}

func (s *Service) loadProgrammes(ctx context.Context, in *Input) error {
	start, end := s.bounds(in.From, in.To)
	facts, err := s.Programming.AuditFacts(ctx, start, end)
	if err != nil {
		return err
	}
	var reach map[int64]int
	if s.AttendanceByProgramme != nil {
		if reach, err = s.AttendanceByProgramme(ctx, start, end); err != nil {
			return err
		}
	}
	for _, f := range facts {
		it := programmeItem(f, s.location(), in.From, in.To)
		if n, ok := reach[f.ID]; ok {
			it.Reach = []Reach{{Metric: "attendees", Count: float64(n)}}
		}
		in.Items = append(in.Items, it)
	}
	return nil
}

// programmeItem is a programme's facts as the audit reads them, for the
// period from to to, dated in loc.
func programmeItem(f programming.AuditFacts, loc *time.Location, from, to string) Item {
	it := Item{Kind: KindProgramme, ID: f.ID, Title: f.Title, Path: fmt.Sprintf("/programmes/%d", f.ID),
		Type: f.KindLabel(), Status: f.Status.Label(), Withdrawn: f.Status == programming.Cancelled,
		Goals: foldGoals(f.Goals, f.SessionGoals), Modes: f.Modes, Modalities: f.Modalities, Timings: f.Timings,
		Audience: f.Audience, Sessions: []Session{}, Reach: []Reach{}}
	if !f.First.IsZero() {
		it.On = f.First.In(loc).Format(time.DateOnly)
		if last := f.Last.In(loc).Format(time.DateOnly); !f.Last.IsZero() && last > it.On {
			it.Until = last
		}
		if f.Ongoing && max(it.On, it.Until) < to {
			it.Until = to
		}
	}
	for _, o := range f.Occurrences {
		if !o.Cancelled {
			it.Sessions = append(it.Sessions, Session{ID: o.SessionID, Start: o.Start, End: o.End, TimeZone: o.TimeZone})
		}
	}
	switch {
	case f.HoursPerMonth > 0 && it.inPeriod(period{from: from, to: to}):
		it.EffortHours = roundTo2(float64(f.HoursPerMonth) * monthsWithin(max(it.On, from), min(it.until(), to)))
	case f.MinutesPerSession > 0:
		it.EffortHours = roundTo2(float64(f.MinutesPerSession*len(it.Sessions)) / 60)
	}
	return it
}

// foldGoals is the programme's goals followed by those only its sessions
// serve, each goal once.
func foldGoals(own, sessions []goals.Link) []goals.Link {
	out := slices.Clone(own)
	if out == nil {
		out = []goals.Link{}
	}
	for _, l := range sessions {
		if !slices.ContainsFunc(out, func(o goals.Link) bool { return o.GoalID == l.GoalID }) {
			out = append(out, l)
		}
	}
	return out
}

// monthsWithin counts the calendar months from a to b (YYYY-MM-DD, both
// inclusive), each month in part by the share of its days covered: July
// 1 to September 30 is 3, July 16 to 31 is 0.52.
func monthsWithin(a, b string) float64 {
	f, okF := parseDate(a)
	t, okT := parseDate(b)
	if !okF || !okT || t.Before(f) {
		return 0
	}
	months := 0.0
	for d := f; !d.After(t); {
		first := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
		next := first.AddDate(0, 1, 0)
		last := next.AddDate(0, 0, -1)
		if t.Before(last) {
			last = t
		}
		days := last.Sub(d).Hours()/24 + 1
		months += days / (next.Sub(first).Hours() / 24)
		d = next
	}
	return months
}

func (s *Service) loadContent(ctx context.Context, in *Input) error {
	facts, err := s.Content.AuditFacts(ctx, in.From, in.To)
	if err != nil {
		return err
	}
	addContent(in, facts)
	return nil
}

// addContent adds the content items read to in.
func addContent(in *Input, facts []content.AuditFacts) {
	in.Items = slices.Grow(in.Items, len(facts))
	for _, f := range facts {
		it := Item{Kind: KindContent, ID: f.ID, Title: f.Title, Path: "/content/" + strconv.FormatInt(f.ID, 10),
			Type: f.Kind.Label(), Status: f.Status.Label(), Withdrawn: f.Status == content.Archived, On: f.On,
			Goals: f.Goals, Audience: f.Audience, ReviewBy: f.ReviewBy, Sessions: []Session{},
			Modes: []participation.Mode{}, Modalities: []participation.Modality{}, Timings: []participation.Timing{}, Reach: []Reach{}}
		if it.Goals == nil {
			it.Goals = []goals.Link{}
		}
		if f.Mode != "" {
			it.Modes = append(it.Modes, f.Mode)
		}
		if f.Modality != "" {
			it.Modalities = append(it.Modalities, f.Modality)
		}
		if f.Timing != "" {
			it.Timings = append(it.Timings, f.Timing)
		}
		for name, v := range f.Figures {
			it.Reach = append(it.Reach, Reach{Metric: name, Count: v})
		}
		slices.SortFunc(it.Reach, func(a, b Reach) int { return strings.Compare(a.Metric, b.Metric) })
		in.Items = append(in.Items, it)
	}
}
