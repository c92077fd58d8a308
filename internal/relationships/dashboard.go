package relationships

import (
	"cmp"
	"context"
	"database/sql"
	"slices"

	"github.com/trellis-community/trellis/internal/store"
)

// Dashboard is the first page a community manager opens every morning:
// what is due, who is slipping, what happened lately, who is new.
// Archived members do not appear on it. Each list holds the first
// DashboardShown entries, most urgent first, and its count says how many
// there are in all: the page answers "what do I do today?", and the full
// lists are on the follow-ups and key-members pages. (At 100,000 members
// the demo community has some 2,300 open follow-ups due and 1,000 key
// members; sending all of them made the dashboard hundreds of kilobytes
// and half a second.)
type Dashboard struct {
	Today         string     `json:"today"`
	DueToday      []FollowUp `json:"due_today"`
	DueTodayCount int        `json:"due_today_count"`
	Overdue       []FollowUp `json:"overdue"` // most overdue first
	OverdueCount  int        `json:"overdue_count"`
	// PastCadence lists key members whose next contact was due before
	// today, most overdue first: who to reach out to this week.
	PastCadence      []KeyMemberStatus `json:"past_cadence"`
	PastCadenceCount int               `json:"past_cadence_count"`
	// DueThisWeek lists key members whose next contact falls due from
	// today to six days from now, soonest first.
	DueThisWeek      []KeyMemberStatus `json:"due_this_week"`
	DueThisWeekCount int               `json:"due_this_week_count"`
	// KeyMembersCount counts the active key members; their warmth is on
	// the key-members page and API.
	KeyMembersCount int           `json:"key_members_count"`
	Recent          []Interaction `json:"recent"` // the last RecentShown, newest first
	// NewMembers are the newest members who joined this calendar month
	// (by joined_on, or the day they were added when it is unknown), at most
	// NewMembersShown of them; NewMembersCount counts them all.
	NewMembers      []NewMember `json:"new_members"`
	NewMembersCount int         `json:"new_members_count"`
}

// How much of each list the dashboard shows.
const (
	DashboardShown  = 20
	RecentShown     = 10
	NewMembersShown = 20
	weekDays        = 7
)

// Dashboard gathers the dashboard in a fixed handful of queries, however
// many members, key members and interactions there are; each list's
// query stops at DashboardShown.
func (s *Service) Dashboard(ctx context.Context) (Dashboard, error) {
	d, err := s.dashboard(ctx)
	if err != nil {
		return Dashboard{}, store.Wrap(err, "Could not load the dashboard.")
	}
	return d, nil
}

func (s *Service) dashboard(ctx context.Context) (Dashboard, error) {
	today := s.today()
	d := Dashboard{Today: today}
	var err error
	// Counted from followups_open_member alone, the archived members
	// read once from members_archived (index migration 0010).
	if err := s.DB.QueryRow(ctx, `SELECT
			COALESCE(SUM(CASE WHEN f.due_on < ? THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN f.due_on = ? THEN 1 ELSE 0 END), 0)
		FROM followups f
		WHERE f.status = 'open' AND f.due_on <= ? AND (f.member_id IS NULL OR f.member_id NOT IN (`+archivedIDs+`))`,
		today, today, today).Scan(&d.OverdueCount, &d.DueTodayCount); err != nil {
		return Dashboard{}, err
	}
	// Read from followups_open (status, due_on, id) in its order, so each
	// stops after DashboardShown rows.
	if d.Overdue, err = queryFollowUps(ctx, s.DB, "WHERE "+openDue+` AND f.due_on < ?
		ORDER BY f.due_on, f.id LIMIT ?`, []any{today, today, DashboardShown}, today); err != nil {
		return Dashboard{}, err
	}
	if d.DueToday, err = queryFollowUps(ctx, s.DB, "WHERE "+openDue+` AND f.due_on = ?
		ORDER BY f.due_on, f.id LIMIT ?`, []any{today, today, DashboardShown}, today); err != nil {
		return Dashboard{}, err
	}
	if err := s.dashboardKeyMembers(ctx, today, &d); err != nil {
		return Dashboard{}, err
	}
	if d.Recent, err = loadInteractions(ctx, s.DB, "ORDER BY i.occurred_on DESC, i.id DESC LIMIT ?", []any{RecentShown}, today); err != nil {
		return Dashboard{}, err
	}
	if d.NewMembers, d.NewMembersCount, err = s.newMembers(ctx); err != nil {
		return Dashboard{}, err
	}
	return d, nil
}

// archivedIDs lists the archived members from the members_archived
// partial index.
const archivedIDs = "SELECT a.id FROM members a WHERE a.archived_at IS NOT NULL"

// openDue selects open follow-ups due on or before its one argument
// (today), other than those about archived members.
const openDue = "f.status = 'open' AND f.due_on <= ? AND (f.member_id IS NULL OR m.archived_at IS NULL)"

// dashboardKeyMembers fills d's key-member lists and counts. When a key
// member's next contact falls due depends on their last contact (one seek
// in the interaction_members index each) and on the day they became key in
// the team's time zone, so the due dates of all active key members are
// worked out first, from key_members and that index alone (1,000 key
// members: about 1 ms); the full status (name, the year's count of
// interactions, warmth, groups) is then read only for the few shown, and
// for any tied with the last of them, as ties go by name.
func (s *Service) dashboardKeyMembers(ctx context.Context, today string, d *Dashboard) error {
	loc := s.location()
	todayN, _ := dayNumber(today)
	weekEndN := todayN + weekDays - 1
	rows, err := s.DB.Query(ctx, `SELECT k.member_id, k.cadence_days, k.since_at,
			(SELECT MAX(im.occurred_on) FROM interaction_members im WHERE im.member_id = k.member_id)
		FROM key_members k WHERE k.member_id NOT IN (`+archivedIDs+`)`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var past, week []due
	for rows.Next() {
		var k due
		var cadence int
		var since int64
		var last sql.NullString
		if err := rows.Scan(&k.id, &cadence, &since, &last); err != nil {
			return err
		}
		d.KeyMembersCount++
		k.nextN = nextDueDay(since, last.String, cadence, loc)
		switch {
		case k.nextN < todayN:
			past = append(past, k)
		case k.nextN <= weekEndN:
			week = append(week, k)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	d.PastCadenceCount, d.DueThisWeekCount = len(past), len(week)
	past, week = firstDue(past), firstDue(week)
	var ids []int64
	for _, k := range slices.Concat(past, week) {
		ids = append(ids, k.id)
	}
	statuses, err := keyMemberStatuses(ctx, s.DB, today, loc, ids, false)
	if err != nil {
		return err
	}
	byID := make(map[int64]KeyMemberStatus, len(statuses))
	for _, st := range statuses {
		byID[st.MemberID] = st
	}
	// Most overdue first, then soonest due; by name among equals, as the
	// statuses are.
	pick := func(list []due) []KeyMemberStatus {
		out := make([]KeyMemberStatus, 0, len(list))
		for _, k := range list {
			if st, ok := byID[k.id]; ok {
				out = append(out, st)
			}
		}
		slices.SortStableFunc(out, func(a, b KeyMemberStatus) int {
			if c := cmp.Compare(a.NextDue, b.NextDue); c != 0 {
				return c
			}
			if c := cmp.Compare(a.Name, b.Name); c != 0 {
				return c
			}
			return cmp.Compare(a.MemberID, b.MemberID)
		})
		return out[:min(len(out), DashboardShown)]
	}
	d.PastCadence, d.DueThisWeek = pick(past), pick(week)
	return nil
}

// due is when a key member's next contact falls due, as a day number.
type due struct {
	id    int64
	nextN int
}

// firstDue sorts list soonest due first and keeps the first DashboardShown
// and every one due on the same day as the last of those: which of the tied
// are shown goes by name, read only for these.
func firstDue(list []due) []due {
	slices.SortFunc(list, func(a, b due) int { return cmp.Compare(a.nextN, b.nextN) })
	if len(list) <= DashboardShown {
		return list
	}
	n := DashboardShown
	for n < len(list) && list[n].nextN == list[DashboardShown-1].nextN {
		n++
	}
	return list[:n]
}
