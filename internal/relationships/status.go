package relationships

import (
	"context"
	"database/sql"
	"time"

	"github.com/trellis-community/trellis/internal/store"
)

// KeyMemberStatus is where the team stands with one key member today.
type KeyMemberStatus struct {
	MemberID    int64   `json:"member_id"`
	Name        string  `json:"name"`
	Affiliation string  `json:"affiliation"`
	Groups      []Group `json:"groups"`
	Note        string  `json:"note"` // why they matter, in the team's words
	CadenceDays int     `json:"cadence_days"`
	LastContact string  `json:"last_contact"` // YYYY-MM-DD, "" when never contacted
	DaysSince   int     `json:"days_since"`   // -1 when never contacted
	// NextDue is when the next contact is due: the last contact plus the
	// cadence, or, for someone never contacted, the day they became key
	// plus the cadence.
	NextDue              string `json:"next_due"`
	DaysOverdue          int    `json:"days_overdue"`           // days past NextDue, 0 when not past it
	InteractionsLastYear int    `json:"interactions_last_year"` // in the 365 days up to and including today
	Warmth               Warmth `json:"warmth"`
}

// KeyMemberStatuses returns the status of the given key members, or of
// every key member who is not archived when no id is given, ordered by
// name. Ids of members who are not key are left out, not an error. It runs
// two queries however many key members there are.
func (s *Service) KeyMemberStatuses(ctx context.Context, memberIDs ...int64) ([]KeyMemberStatus, error) {
	list, err := keyMemberStatuses(ctx, s.DB, s.today(), s.location(), uniqueIDs(memberIDs), len(memberIDs) == 0)
	if err != nil {
		return nil, store.Wrap(err, "Could not work out key-member statuses.")
	}
	return list, nil
}

// keyMemberStatuses computes statuses for ids, or for every active key
// member when all is set, in one statement whatever their number. Last
// contact and the year's count are read per key member from the
// interaction_members index (member_id, occurred_on, interaction_id): MAX is
// one seek and the count a range over the past year only, so no interaction
// row is touched and older history costs nothing. With 200 key members and
// 20,000 interactions this measured 1 ms on SQLite and 2 ms on PostgreSQL;
// a GROUP BY over the whole index took 12 ms on PostgreSQL and up to 47 ms
// on SQLite once ANALYZE had run.
func keyMemberStatuses(ctx context.Context, q store.Querier, today string, loc *time.Location, ids []int64, all bool) ([]KeyMemberStatus, error) {
	if !all && len(ids) == 0 {
		return []KeyMemberStatus{}, nil
	}
	filter := "m.archived_at IS NULL"
	args := []any{addDays(today, -365)}
	if !all {
		filter = "k.member_id IN (" + store.Placeholders(len(ids)) + ")"
		args = append(args, store.Args(ids)...)
	}
	rows, err := q.Query(ctx, `SELECT k.member_id, `+memberName+`, m.affiliation, k.note, k.cadence_days, k.since_at,
			(SELECT MAX(im.occurred_on) FROM interaction_members im WHERE im.member_id = k.member_id),
			(SELECT COUNT(*) FROM interaction_members im WHERE im.member_id = k.member_id AND im.occurred_on > ?)
		FROM key_members k JOIN members m ON m.id = k.member_id
		WHERE `+filter+` ORDER BY 2, 1`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	todayN, _ := dayNumber(today)
	list := []KeyMemberStatus{}
	for rows.Next() {
		var st KeyMemberStatus
		var since int64
		var last sql.NullString
		var nYear int
		if err := rows.Scan(&st.MemberID, &st.Name, &st.Affiliation, &st.Note, &st.CadenceDays, &since, &last, &nYear); err != nil {
			return nil, err
		}
		st.InteractionsLastYear = nYear
		st.DaysSince = -1
		keyN, _ := dayNumber(dateIn(since, loc))
		daysKey := todayN - keyN
		if lastN, ok := dayNumber(last.String); ok {
			st.LastContact = last.String
			// Never negative: a date logged as today in a zone ahead of
			// ours must not read as contact in the future.
			st.DaysSince = max(0, todayN-lastN)
		}
		nextN := nextDueDay(since, last.String, st.CadenceDays, loc)
		st.NextDue = dateOfDay(nextN)
		st.DaysOverdue = max(0, todayN-nextN)
		st.Warmth = WarmthOf(st.DaysSince, daysKey, st.CadenceDays, st.InteractionsLastYear)
		list = append(list, st)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	var groupIDs []int64
	if !all {
		groupIDs = ids
	}
	groups, err := keyMemberGroups(ctx, q, groupIDs)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i].Groups = groups[list[i].MemberID]
		if list[i].Groups == nil {
			list[i].Groups = []Group{}
		}
	}
	return list, nil
}

// nextDueDay is the day number on which a key member's next contact falls
// due: their last contact (YYYY-MM-DD, "" for never) plus the cadence, or,
// for someone never contacted, the day they became key (since, Unix
// seconds, read in loc) plus the cadence.
func nextDueDay(since int64, last string, cadenceDays int, loc *time.Location) int {
	base, ok := dayNumber(last)
	if !ok {
		base, _ = dayNumber(dateIn(since, loc))
	}
	return base + cadenceDays
}
