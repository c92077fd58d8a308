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
	// Each part reads its own rows into its own fields of d.
	err := s.DB.ReadSideBySide(ctx, func(ctx context.Context) error {
		// Counted from followups_open_member alone, then those about
		// archived members, each probed in the small members_archived
		// index, taken off: "NOT IN (archived)" built a table of every
		// archived member on every request, twice the time.
		const dueCounts = `COALESCE(SUM(CASE WHEN f.due_on < ? THEN 1 ELSE 0 END), 0) AS overdue,
			COALESCE(SUM(CASE WHEN f.due_on = ? THEN 1 ELSE 0 END), 0) AS today`
		return s.DB.QueryRow(ctx, `SELECT o.overdue - x.overdue, o.today - x.today
		FROM (SELECT `+dueCounts+` FROM followups f WHERE f.status = 'open' AND f.due_on <= ?) o,
			(SELECT `+dueCounts+` FROM followups f JOIN members a ON a.id = f.member_id
				WHERE f.status = 'open' AND f.due_on <= ? AND a.archived_at IS NOT NULL) x`,
			today, today, today, today, today, today).Scan(&d.OverdueCount, &d.DueTodayCount)
	}, func(ctx context.Context) (err error) {
		// Read from followups_open (status, due_on, id) in its order, so
		// each stops after DashboardShown rows.
		d.Overdue, err = queryFollowUps(ctx, s.DB, "WHERE "+openDue+` AND f.due_on < ?
		ORDER BY f.due_on, f.id LIMIT ?`, []any{today, today, DashboardShown}, today)
		return err
	}, func(ctx context.Context) (err error) {
		d.DueToday, err = queryFollowUps(ctx, s.DB, "WHERE "+openDue+` AND f.due_on = ?
		ORDER BY f.due_on, f.id LIMIT ?`, []any{today, today, DashboardShown}, today)
		return err
	}, func(ctx context.Context) error {
		return s.dashboardKeyMembers(ctx, today, &d)
	}, func(ctx context.Context) (err error) {
		d.Recent, err = loadInteractions(ctx, s.DB, "ORDER BY i.occurred_on DESC, i.id DESC LIMIT ?", []any{RecentShown}, today)
		return err
	}, func(ctx context.Context) (err error) {
		d.NewMembers, d.NewMembersCount, err = s.newMembers(ctx)
		return err
	})
	if err != nil {
		return Dashboard{}, err
	}
	return d, nil
}

// openDue selects open follow-ups due on or before its one argument
// (today), other than those about archived members.
const openDue = "f.status = 'open' AND f.due_on <= ? AND (f.member_id IS NULL OR m.archived_at IS NULL)"

// dashboardKeyMembers fills d's key-member lists and counts without
// reading every key member: those contacted before fall due on their
// stored next_due_on (see refreshNextDue), so the counts are ranges of the
// key_members_next_due index and each list reads its first rows there; the
// few never contacted, whose due day depends on the time zone, and the
// few archived, who are left out, are read whole and settled here. The
// full status (name, the year's count of interactions, warmth, groups) is
// then read only for the few shown, and for any tied with the last of
// them, as ties go by name.
func (s *Service) dashboardKeyMembers(ctx context.Context, today string, d *Dashboard) error {
	loc := s.location()
	todayN, _ := dayNumber(today)
	weekEndN := todayN + weekDays - 1
	weekEnd := dateOfDay(weekEndN)
	// Archived key members, read from the members_archived index and left
	// out of what the index ranges below count.
	archived := map[int64]bool{}
	var nArchived, pastArchived, weekArchived int
	if err := store.EachRow(ctx, s.DB, `SELECT k.member_id, k.next_due_on FROM members a JOIN key_members k ON k.member_id = a.id
		WHERE a.archived_at IS NOT NULL`, nil, func(rows *sql.Rows) error {
		var id int64
		var next sql.NullString
		if err := rows.Scan(&id, &next); err != nil {
			return err
		}
		archived[id] = true
		nArchived++
		switch {
		case !next.Valid:
		case next.String < today:
			pastArchived++
		case next.String <= weekEnd:
			weekArchived++
		}
		return nil
	}); err != nil {
		return err
	}
	if err := s.DB.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM key_members),
			(SELECT COUNT(*) FROM key_members WHERE next_due_on < ?),
			(SELECT COUNT(*) FROM key_members WHERE next_due_on >= ? AND next_due_on <= ?)`,
		today, today, weekEnd).Scan(&d.KeyMembersCount, &d.PastCadenceCount, &d.DueThisWeekCount); err != nil {
		return err
	}
	d.KeyMembersCount -= nArchived
	d.PastCadenceCount -= pastArchived
	d.DueThisWeekCount -= weekArchived
	past, err := s.firstStoredDue(ctx, "", dateOfDay(todayN-1), archived)
	if err != nil {
		return err
	}
	week, err := s.firstStoredDue(ctx, today, weekEnd, archived)
	if err != nil {
		return err
	}
	if err := store.EachRow(ctx, s.DB, "SELECT member_id, cadence_days, since_at FROM key_members WHERE next_due_on IS NULL", nil,
		func(rows *sql.Rows) error {
			var k due
			var cadence int
			var since int64
			if err := rows.Scan(&k.id, &cadence, &since); err != nil {
				return err
			}
			if archived[k.id] {
				return nil
			}
			k.nextN = nextDueDay(since, "", cadence, loc)
			switch {
			case k.nextN < todayN:
				past = append(past, k)
				d.PastCadenceCount++
			case k.nextN <= weekEndN:
				week = append(week, k)
				d.DueThisWeekCount++
			}
			return nil
		}); err != nil {
		return err
	}
	return s.showKeyMembers(ctx, today, past, week, d)
}

// showKeyMembers fills d's key-member lists from past and week, which hold
// at least the first DashboardShown of each, and all tied with the last of
// those.
func (s *Service) showKeyMembers(ctx context.Context, today string, past, week []due, d *Dashboard) error {
	past, week = firstDue(past), firstDue(week)
	var ids []int64
	for _, k := range slices.Concat(past, week) {
		ids = append(ids, k.id)
	}
	statuses, err := keyMemberStatuses(ctx, s.DB, today, s.location(), ids, false)
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

// firstStoredDue reads the key members contacted before whose next contact
// falls due from from to to (dates; from "" for no lower bound), soonest
// first, leaving out the archived: the first DashboardShown and every one
// due on the same day as the last of those, which is all firstDue needs of
// them.
func (s *Service) firstStoredDue(ctx context.Context, from, to string, archived map[int64]bool) ([]due, error) {
	var list []due
	var read int
	var lastDue string
	var lastID int64
	scan := func(rows *sql.Rows) error {
		var k due
		if err := rows.Scan(&k.id, &lastDue); err != nil {
			return err
		}
		read++
		lastID = k.id
		if archived[k.id] {
			return nil
		}
		k.nextN, _ = dayNumber(lastDue)
		list = append(list, k)
		return nil
	}
	limit := DashboardShown + len(archived)
	if err := store.EachRow(ctx, s.DB, `SELECT member_id, next_due_on FROM key_members WHERE next_due_on >= ? AND next_due_on <= ?
		ORDER BY next_due_on, member_id LIMIT ?`, []any{from, to, limit}, scan); err != nil {
		return nil, err
	}
	if lastN, _ := dayNumber(lastDue); read < limit || len(list) < DashboardShown || lastN != list[DashboardShown-1].nextN {
		return list, nil
	}
	// The last read ties with the last shown: the rest of that day too.
	err := store.EachRow(ctx, s.DB, `SELECT member_id, next_due_on FROM key_members WHERE next_due_on = ? AND member_id > ?
		ORDER BY member_id`, []any{lastDue, lastID}, scan)
	return list, err
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
