package participation

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// Summary is a member's standing in brief, as their JSON carries it
// (`participation`): mode none and stage none for a member never active.
type Summary struct {
	Mode       Mode    `json:"mode"`
	ModeSince  string  `json:"mode_since,omitempty"` // YYYY-MM-DD, the community's calendar
	Stage      Stage   `json:"stage"`
	Engagement float64 `json:"engagement"`
}

// Summaries reads the stored standing of members ids, engagement worked
// out for now from its key (exact: every contribution halves at the same
// rate, see EngagementKey). Members
// without a row are absent from the map; their summary is NoSummary.
func (s *Service) Summaries(ctx context.Context, ids []int64) (map[int64]Summary, error) {
	out := make(map[int64]Summary, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	st, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now().Unix()
	for chunk := range slices.Chunk(ids, 500) {
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := s.DB.Query(ctx, "SELECT member_id, mode, mode_since, stage, engagement_key FROM member_standing WHERE member_id IN ("+placeholders(len(chunk))+")", args...)
		if err != nil {
			return nil, store.Wrap(err, "Could not read the members' participation.")
		}
		for rows.Next() {
			var id int64
			var key float64
			var sum Summary
			if err := rows.Scan(&id, &sum.Mode, &sum.ModeSince, &sum.Stage, &key); err != nil {
				rows.Close()
				return nil, store.Wrap(err, "Could not read the members' participation.")
			}
			sum.Engagement = EngagementAt(key, now, float64(st.HalfLifeDays)*86400)
			out[id] = sum
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, store.Wrap(err, "Could not read the members' participation.")
		}
	}
	return out, nil
}

// NoSummary is the summary of a member never active.
var NoSummary = Summary{Mode: NoMode, Stage: StageNone}

// Contributed is one activity and what it adds to engagement now.
type Contributed struct {
	Activity
	Weight       int     `json:"weight"`
	AgeDays      float64 `json:"age_days"`
	Contribution float64 `json:"contribution"`
}

// MemberStanding is everything the member page and
// GET /api/v1/members/{id}/participation show: the standing derived
// afresh from the member's activities, their pathway, and the activities
// engagement is made of, newest first.
type MemberStanding struct {
	MemberID    int64      `json:"member_id"`
	Mode        Mode       `json:"mode"`
	ModeSince   string     `json:"mode_since,omitempty"`
	PrevMode    Mode       `json:"previous_window_mode"`
	DeepestMode Mode       `json:"deepest_mode"`
	Stage       Stage      `json:"stage"`
	StageRule   string     `json:"stage_rule"`
	Engagement  float64    `json:"engagement"`
	Activities  int        `json:"activities"`
	FirstDay    string     `json:"first_activity_day,omitempty"`
	LastDay     string     `json:"last_activity_day,omitempty"`
	Today       string     `json:"as_of"`
	WindowFrom  string     `json:"window_from"` // the window's first day, included
	Settings    Settings   `json:"settings"`
	Pathway     []PathStep `json:"pathway"`
	// Breakdown is the newest activities with their contributions; Rest
	// counts the older ones and what they add together.
	Breakdown []Contributed `json:"breakdown"`
	Rest      struct {
		Activities   int     `json:"activities"`
		Contribution float64 `json:"contribution"`
	} `json:"rest"`
}

// PathStep is a pathway step as JSON and pages show it.
type PathStep struct {
	Day  string `json:"day"`
	From Mode   `json:"from"`
	To   Mode   `json:"to"`
	Up   bool   `json:"up"`
}

// breakdownMax bounds the activities listed one by one.
const breakdownMax = 50

// MemberStanding derives member id's standing now, for viewers. NotFound
// when there is no such member.
func (s *Service) MemberStanding(ctx context.Context, id int64) (MemberStanding, error) {
	var one int
	err := s.DB.QueryRow(ctx, "SELECT 1 FROM members WHERE id = ?", id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return MemberStanding{}, apperr.NotFoundf("There is no member with id %d.", id)
	}
	if err != nil {
		return MemberStanding{}, store.Wrap(err, "Could not read the member's participation.")
	}
	st, err := s.Settings(ctx)
	if err != nil {
		return MemberStanding{}, err
	}
	kinds, err := loadKindRules(ctx, s.DB)
	if err != nil {
		return MemberStanding{}, err
	}
	d := s.newDeriver(st, kinds)
	var got Standing
	got.Mode = ""
	rows, err := s.DB.Query(ctx, activitiesByMember(s.DB.Dialect, "member_id = ?"), id)
	if err != nil {
		return MemberStanding{}, store.Wrap(err, "Could not read the member's participation.")
	}
	if err := d.stream(rows, func(one Standing) error { got = one; return nil }); err != nil {
		return MemberStanding{}, store.Wrap(err, "Could not read the member's participation.")
	}
	if got.Mode == "" {
		got = Derive(nil, d.today, d.asOf, st)
	}
	out := MemberStanding{MemberID: id, Mode: got.Mode, ModeSince: got.ModeSince.String(), PrevMode: got.PrevMode,
		DeepestMode: got.DeepestMode, Stage: got.Stage, Engagement: got.Engagement, Activities: got.Activities,
		FirstDay: got.FirstDay.String(), LastDay: got.LastDay.String(), Today: d.today.String(),
		WindowFrom: (d.today - Day(st.WindowDays) + 1).String(), Settings: st, Pathway: []PathStep{}, Breakdown: []Contributed{}}
	for _, r := range StageRules {
		if r.Stage == got.Stage {
			out.StageRule = r.Rule
		}
	}
	for _, p := range got.Pathway {
		out.Pathway = append(out.Pathway, PathStep{Day: p.Day.String(), From: p.From, To: p.To, Up: p.Up()})
	}
	list, err := s.MemberActivities(ctx, id, breakdownMax)
	if err != nil {
		return MemberStanding{}, err
	}
	halfLife := float64(st.HalfLifeDays) * 86400
	sum := 0.0
	for _, a := range list {
		r := kinds.byKey[a.Kind]
		age := d.asOf - a.OccurredAt.Unix()
		c := Contributed{Activity: a, Weight: r.weight, AgeDays: float64(max(age, 0)) / 86400, Contribution: Contribution(r.weight, age, halfLife)}
		if a.OccurredAt.Unix() > d.asOf || DayOf(a.OccurredAt.Unix(), s.Location) > d.today {
			continue
		}
		sum += c.Contribution
		out.Breakdown = append(out.Breakdown, c)
	}
	out.Rest.Activities = got.Activities - len(out.Breakdown)
	if out.Rest.Activities > 0 {
		out.Rest.Contribution = max(got.Engagement-sum, 0)
	}
	return out, nil
}

// asTime is a unix time as UTC, zero for 0.
func asTime(t int64) time.Time {
	if t == 0 {
		return time.Time{}
	}
	return time.Unix(t, 0).UTC()
}
