package relationships

import (
	"cmp"
	"context"
	"slices"

	"github.com/trellis-community/trellis/internal/store"
)

// Dashboard is the first page a community manager opens every morning:
// what is due, who is slipping, what happened lately, who is new.
// Archived members do not appear on it.
type Dashboard struct {
	Today    string     `json:"today"`
	DueToday []FollowUp `json:"due_today"`
	Overdue  []FollowUp `json:"overdue"` // most overdue first
	// PastCadence lists key members whose next contact was due before
	// today, most overdue first: who to reach out to this week.
	PastCadence []KeyMemberStatus `json:"past_cadence"`
	// DueThisWeek lists key members whose next contact falls due from
	// today to six days from now, soonest first.
	DueThisWeek []KeyMemberStatus `json:"due_this_week"`
	Recent      []Interaction     `json:"recent"` // the last RecentShown, newest first
	// KeyMembers is every key member, coldest first, for the warmth table.
	KeyMembers []KeyMemberStatus `json:"key_members"`
	// NewMembers are the newest members who joined this calendar month
	// (by joined_on, or the day they were added when it is unknown), at most
	// NewMembersShown of them; NewMembersCount counts them all.
	NewMembers      []NewMember `json:"new_members"`
	NewMembersCount int         `json:"new_members_count"`
}

// How much of each list the dashboard shows.
const (
	RecentShown     = 10
	NewMembersShown = 20
	weekDays        = 7
)

// Dashboard gathers the dashboard in a fixed handful of queries, however
// many members, key members and interactions there are.
func (s *Service) Dashboard(ctx context.Context) (Dashboard, error) {
	today := s.today()
	d := Dashboard{Today: today, DueToday: []FollowUp{}, Overdue: []FollowUp{},
		PastCadence: []KeyMemberStatus{}, DueThisWeek: []KeyMemberStatus{}}

	statuses, err := keyMemberStatuses(ctx, s.DB, today, s.location(), nil, true)
	if err != nil {
		return Dashboard{}, store.Wrap(err, "Could not load the dashboard.")
	}
	weekEnd := addDays(today, weekDays-1)
	for _, st := range statuses {
		switch {
		case st.DaysOverdue > 0:
			d.PastCadence = append(d.PastCadence, st)
		case st.NextDue >= today && st.NextDue <= weekEnd:
			d.DueThisWeek = append(d.DueThisWeek, st)
		}
	}
	slices.SortStableFunc(d.PastCadence, func(a, b KeyMemberStatus) int {
		return cmp.Compare(b.DaysOverdue, a.DaysOverdue)
	})
	slices.SortStableFunc(d.DueThisWeek, func(a, b KeyMemberStatus) int {
		return cmp.Compare(a.NextDue, b.NextDue)
	})
	d.KeyMembers = slices.Clone(statuses)
	slices.SortStableFunc(d.KeyMembers, colderFirst)

	due, err := queryFollowUps(ctx, s.DB, `WHERE f.status = 'open' AND f.due_on <= ?
		AND (f.member_id IS NULL OR m.archived_at IS NULL) ORDER BY f.due_on, f.id`, []any{today}, today)
	if err != nil {
		return Dashboard{}, store.Wrap(err, "Could not load the dashboard.")
	}
	for _, f := range due {
		if f.DueToday {
			d.DueToday = append(d.DueToday, f)
		} else {
			d.Overdue = append(d.Overdue, f)
		}
	}

	d.Recent, err = loadInteractions(ctx, s.DB, "ORDER BY i.occurred_on DESC, i.id DESC LIMIT ?", []any{RecentShown}, today)
	if err != nil {
		return Dashboard{}, store.Wrap(err, "Could not load the dashboard.")
	}
	d.NewMembers, d.NewMembersCount, err = s.newMembers(ctx)
	if err != nil {
		return Dashboard{}, store.Wrap(err, "Could not load the dashboard.")
	}
	return d, nil
}

// warmthRank orders levels coldest first.
var warmthRank = map[string]int{Cold: 0, Cooling: 1, New: 2, Warm: 3}

// colderFirst orders key members by level; within a level, those never
// contacted come first, longest due first; then the rest by how many
// cadences have passed since the last contact (compared as fractions,
// without division); then by name.
func colderFirst(a, b KeyMemberStatus) int {
	if c := cmp.Compare(warmthRank[a.Warmth.Level], warmthRank[b.Warmth.Level]); c != 0 {
		return c
	}
	aNever, bNever := a.DaysSince < 0, b.DaysSince < 0
	switch {
	case aNever && bNever:
		if c := cmp.Compare(a.NextDue, b.NextDue); c != 0 {
			return c
		}
	case aNever:
		return -1
	case bNever:
		return 1
	default:
		if c := cmp.Compare(b.DaysSince*a.CadenceDays, a.DaysSince*b.CadenceDays); c != 0 {
			return c
		}
	}
	return cmp.Compare(a.Name, b.Name)
}
