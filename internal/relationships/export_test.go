package relationships

import (
	"context"
	"database/sql"
)

// DashboardBefore is the dashboard as it was worked out before the next
// contact day was stored (migration 0037): every key member's due day from
// its last contact on every request, and the due follow-ups counted with
// the archived members' ids built into a table. Kept for
// TestDashboardMatchesBefore, which holds the two to the same output.
func (s *Service) DashboardBefore(ctx context.Context) (Dashboard, error) {
	today := s.today()
	d := Dashboard{Today: today}
	const archivedIDs = "SELECT a.id FROM members a WHERE a.archived_at IS NOT NULL"
	var err error
	if err := s.DB.QueryRow(ctx, `SELECT
			COALESCE(SUM(CASE WHEN f.due_on < ? THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN f.due_on = ? THEN 1 ELSE 0 END), 0)
		FROM followups f
		WHERE f.status = 'open' AND f.due_on <= ? AND (f.member_id IS NULL OR f.member_id NOT IN (`+archivedIDs+`))`,
		today, today, today).Scan(&d.OverdueCount, &d.DueTodayCount); err != nil {
		return Dashboard{}, err
	}
	if d.Overdue, err = queryFollowUps(ctx, s.DB, "WHERE "+openDue+` AND f.due_on < ?
		ORDER BY f.due_on, f.id LIMIT ?`, []any{today, today, DashboardShown}, today); err != nil {
		return Dashboard{}, err
	}
	if d.DueToday, err = queryFollowUps(ctx, s.DB, "WHERE "+openDue+` AND f.due_on = ?
		ORDER BY f.due_on, f.id LIMIT ?`, []any{today, today, DashboardShown}, today); err != nil {
		return Dashboard{}, err
	}

	loc := s.location()
	todayN, _ := dayNumber(today)
	weekEndN := todayN + weekDays - 1
	rows, err := s.DB.Query(ctx, `SELECT k.member_id, k.cadence_days, k.since_at,
			(SELECT MAX(im.occurred_on) FROM interaction_members im WHERE im.member_id = k.member_id)
		FROM key_members k WHERE k.member_id NOT IN (`+archivedIDs+`)`)
	if err != nil {
		return Dashboard{}, err
	}
	var past, week []due
	for rows.Next() {
		var k due
		var cadence int
		var since int64
		var last sql.NullString
		if err := rows.Scan(&k.id, &cadence, &since, &last); err != nil {
			rows.Close()
			return Dashboard{}, err
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
	rows.Close()
	if err := rows.Err(); err != nil {
		return Dashboard{}, err
	}
	d.PastCadenceCount, d.DueThisWeekCount = len(past), len(week)
	if err := s.showKeyMembers(ctx, today, past, week, &d); err != nil {
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
