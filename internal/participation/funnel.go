package participation

import (
	"context"
	"database/sql"
	"time"

	"github.com/trellis-community/trellis/internal/store"
)

// ModeCounts is a count per participation mode.
type ModeCounts struct {
	Convey      int `json:"convey"`
	Contribute  int `json:"contribute"`
	Collaborate int `json:"collaborate"`
	CoCreate    int `json:"co_create"`
}

// At is the count of the mode at depth d (1 convey ... 4 co-create).
func (c ModeCounts) At(d int) int {
	return [...]int{0, c.Convey, c.Contribute, c.Collaborate, c.CoCreate}[d]
}

// Of is the count of mode m.
func (c ModeCounts) Of(m Mode) int { return c.At(m.Depth()) }

// Total is the sum over the modes.
func (c ModeCounts) Total() int { return c.Convey + c.Contribute + c.Collaborate + c.CoCreate }

// AtLeast is the count at mode m or deeper: with deepest-mode counts, the
// members who reached m.
func (c ModeCounts) AtLeast(m Mode) int {
	n := 0
	for d := m.Depth(); d <= 4; d++ {
		n += c.At(d)
	}
	return n
}

func modeCounts(v [4]int) ModeCounts { return ModeCounts{v[0], v[1], v[2], v[3]} }

// FunnelMonth is one month of the participation funnel: every member
// active that month (at least one activity) counted once, at the deepest
// mode they were active in that month.
type FunnelMonth struct {
	Month   Month      `json:"month"`
	Active  int        `json:"active"`
	Deepest ModeCounts `json:"deepest"`
}

// FunnelDefinition says how the funnel counts, for the page and the API
// description.
const FunnelDefinition = "Each member active in a month (at least one activity in it) is counted once, at the deepest mode they were active in that month: someone who attended a call and reviewed a pull request counts under collaborate. Months are calendar months in the community's time zone; an activity's mode is its kind's mode now."

// monthData is a period's rows of participation_months, by month.
type monthData map[Month]monthRow

func (s *Service) loadMonths(ctx context.Context, from, to Month) (monthData, error) {
	rows, err := s.DB.Query(ctx, `SELECT month, active, convey_members, contribute_members, collaborate_members, co_create_members,
		convey_acts, contribute_acts, collaborate_acts, co_create_acts, new_members, returned_30, returned_90, top1_acts, top10_acts,
		half_contributors, first_contributions, first_contribution_median FROM participation_months
		WHERE generation = `+liveGeneration+` AND month >= ? AND month <= ?`,
		int64(from), int64(to))
	if err != nil {
		return nil, store.Wrap(err, "Could not read the participation figures.")
	}
	defer rows.Close()
	out := monthData{}
	for rows.Next() {
		var r monthRow
		var med sql.NullFloat64
		if err := rows.Scan(&r.month, &r.active, &r.members[0], &r.members[1], &r.members[2], &r.members[3],
			&r.acts[0], &r.acts[1], &r.acts[2], &r.acts[3], &r.newMembers, &r.returned30, &r.returned90, &r.top1, &r.top10,
			&r.halfContributors, &r.firstContributions, &med); err != nil {
			return nil, store.Wrap(err, "Could not read the participation figures.")
		}
		if med.Valid {
			r.firstContribMedian = &med.Float64
		}
		out[r.month] = r
	}
	return out, store.Wrap(rows.Err(), "Could not read the participation figures.")
}

// Funnel returns the funnel of every month of p, months without activity
// included as zeros. It reads the roll-up (see RollUp).
func (s *Service) Funnel(ctx context.Context, p Period) ([]FunnelMonth, error) {
	data, err := s.loadMonths(ctx, p.From, p.To)
	if err != nil {
		return nil, err
	}
	out := make([]FunnelMonth, 0, p.To.Since(p.From)+1)
	for _, m := range p.Months() {
		r := data[m]
		out = append(out, FunnelMonth{Month: m, Active: r.active, Deepest: modeCounts(r.members)})
	}
	return out, nil
}

// CurrentMonth is the month it is now in the community's zone.
func (s *Service) CurrentMonth() Month { return MonthOf(s.now(), s.location()) }

// today is the community's calendar day number now (see civilDay).
func (s *Service) today() int64 { return civilDay(s.now(), s.location()) }

// monthLastDay is the civil day number of m's last day.
func monthLastDay(m Month) int64 {
	return time.Date(m.Year(), m.Mon()+1, 0, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// Contributing is the count at contribute or deeper.
func (c ModeCounts) Contributing() int { return c.AtLeast(Contribute) }
