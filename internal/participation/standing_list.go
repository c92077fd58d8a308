package participation

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// The lists a manager acts on, read from the stored standing. Each rule is
// written here once, in words the lists page and the API documentation
// show, beside the SQL that applies it.

// ListName names one of Lists.
type ListName string

const (
	ListNextStep       ListName = "next-step"       // contributors ready to collaborate
	ListQuietNewcomers ListName = "quiet-newcomers" // one activity, 30 days ago or more
	ListGoingQuiet     ListName = "going-quiet"     // key contributors with nothing for 30 days
)

// QuietDays is how long without activity puts a newcomer or a key
// contributor on a list: a month is long enough to be a pattern and short
// enough to still reach out warmly.
const QuietDays = 30

// DefaultMonths is how long a contributor must have been around to be
// ready for a next step, unless the manager asks otherwise.
const DefaultMonths = 3

// ListInfo describes one list.
type ListInfo struct {
	Name  ListName
	Title string
	Rule  string
}

// Lists are the lists, in the order the page shows them.
var Lists = []ListInfo{
	{ListNextStep, "Ready for a next step",
		"Current mode is contribute and they have never collaborated or co-created (no activity of those modes, ever), and their first activity was at least N months ago (N × 30 days; 3 unless chosen). Highest engagement first: invite them into a working group or a co-authored piece."},
	{ListQuietNewcomers, "Newcomers with no second activity",
		"Exactly one activity, on day today−30 or earlier, and not lapsed (it was within the last two windows). Most recent first: a personal welcome back still lands."},
	{ListGoingQuiet, "Key contributors going quiet",
		"Deepest mode in the current window or the one before is collaborate or co-create, no activity for 30 days or more (the last on day today−30 or earlier), and not lapsed. Highest engagement first: a check-in before they drift away."},
}

// Info returns the list's description, and whether it exists.
func (n ListName) Info() (ListInfo, bool) {
	for _, l := range Lists {
		if l.Name == n {
			return l, true
		}
	}
	return ListInfo{}, false
}

// ListQuery asks for one page of a list.
type ListQuery struct {
	Name   ListName
	Months int    // ListNextStep only; 0 means DefaultMonths
	Cursor string // the previous page's next cursor
	Limit  int    // 1..500, default 50
}

// ListRow is one member on a list.
type ListRow struct {
	MemberID   int64     `json:"member_id"`
	Name       string    `json:"name"`
	Mode       Mode      `json:"mode"`
	Stage      Stage     `json:"stage"`
	Engagement float64   `json:"engagement"`
	Activities int       `json:"activities"`
	FirstAt    time.Time `json:"first_activity_at"`
	LastAt     time.Time `json:"last_activity_at"`
}

// List returns one page of a list, for viewers, and the cursor of the
// next page ("" on the last). Invalid names the parameter (name, months,
// cursor, limit).
func (s *Service) List(ctx context.Context, q ListQuery) ([]ListRow, string, error) {
	var fe apperr.FieldErrors
	if _, ok := q.Name.Info(); !ok {
		fe.Add("list", "must be one of next-step, quiet-newcomers, going-quiet")
	}
	if q.Months == 0 {
		q.Months = DefaultMonths
	}
	if q.Months < 1 || q.Months > 60 {
		fe.Add("months", "must be a whole number from 1 to 60")
	}
	if q.Limit == 0 {
		q.Limit = 50
	}
	if q.Limit < 1 || q.Limit > 500 {
		fe.Add("limit", "must be from 1 to 500")
	}
	// The cursor is the last row's sort value and member id.
	var (
		hasCursor bool
		curKey    float64
		curID     int64
	)
	if q.Cursor != "" {
		k, id, ok := strings.Cut(q.Cursor, "_")
		var err1, err2 error
		curKey, err1 = strconv.ParseFloat(k, 64)
		curID, err2 = strconv.ParseInt(id, 10, 64)
		if !ok || err1 != nil || err2 != nil {
			fe.Add("cursor", "is not a cursor this list gave")
		}
		hasCursor = true
	}
	if err := fe.Err(); err != nil {
		return nil, "", err
	}
	st, err := s.Settings(ctx)
	if err != nil {
		return nil, "", err
	}
	where, key, args := s.listFilter(q)
	if hasCursor {
		where += fmt.Sprintf(" AND (%s < ? OR (%s = ? AND s.member_id > ?))", key, key)
		args = append(args, curKey, curKey, curID)
	}
	args = append(args, q.Limit+1)
	// The page's rows are chosen from the standing alone, through the
	// list's partial index (migration 0042), and only they are joined to
	// members for the name: joining first read a member row for every
	// standing row the filter passed, thousands of them, before the
	// LIMIT. (A LIMIT inside a join keeps either engine from merging the
	// subquery into the outer query.)
	rows, err := s.DB.Query(ctx, listPageSQL(s.listFrom(q.Name), where, key), args...)
	if err != nil {
		return nil, "", store.Wrap(err, "Could not read the list.")
	}
	defer rows.Close()
	now := s.now().Unix()
	out := []ListRow{}
	var keys []float64
	for rows.Next() {
		var r ListRow
		var first, last int64
		var ekey, k float64
		if err := rows.Scan(&r.MemberID, &r.Name, &r.Mode, &r.Stage, &ekey, &r.Activities, &first, &last, &k); err != nil {
			return nil, "", store.Wrap(err, "Could not read the list.")
		}
		r.Engagement = EngagementAt(ekey, now, float64(st.HalfLifeDays)*86400)
		r.FirstAt, r.LastAt = asTime(first), asTime(last)
		out = append(out, r)
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		return nil, "", store.Wrap(err, "Could not read the list.")
	}
	next := ""
	if len(out) > q.Limit {
		out = out[:q.Limit]
		next = strconv.FormatFloat(keys[q.Limit-1], 'g', -1, 64) + "_" + strconv.FormatInt(out[q.Limit-1].MemberID, 10)
	}
	return out, next, nil
}

// listFilter is the condition on member_standing s that puts a member on
// list q.Name (q.Months already checked), its arguments, and the column
// the list is sorted by. Each condition without an argument is, term for
// term, the WHERE of the list's partial index (migration 0042): change
// one and change the other, or the list reads the whole standing table
// (TestListsReadTheirIndexes).
func (s *Service) listFilter(q ListQuery) (where, key string, args []any) {
	if q.Months == 0 {
		q.Months = DefaultMonths
	}
	today := DayOf(s.now().Unix(), s.Location)
	quietFrom := (today - QuietDays + 1).Start(s.Location) // nothing on or after this instant
	switch q.Name {
	case ListNextStep:
		where = "s.mode = 'contribute' AND s.deepest_mode = 'contribute' AND s.first_at < ?"
		args = append(args, (today - Day(30*q.Months) + 1).Start(s.Location))
		key = "s.engagement_key"
	case ListQuietNewcomers:
		// One activity, not lapsed: within the current window (newcomer)
		// or the one before (drifting).
		where = "s.stage IN ('newcomer', 'drifting') AND s.activities = 1 AND s.first_at < ?"
		args = append(args, quietFrom)
		key = "s.first_at"
	case ListGoingQuiet:
		where = "(s.mode IN ('collaborate', 'co_create') OR s.prev_mode IN ('collaborate', 'co_create')) AND s.stage <> 'lapsed' AND s.last_at < ?"
		args = append(args, quietFrom)
		key = "s.engagement_key"
	}
	return where, key, args
}

// listPageSQL reads one page of a list whose rows where selects, sorted
// by key, with LIMIT as its last argument.
func listPageSQL(from, where, key string) string {
	return "SELECT s.member_id, m.name, s.mode, s.stage, s.engagement_key, s.activities, s.first_at, s.last_at, s.k" +
		" FROM (SELECT s.member_id, s.mode, s.stage, s.engagement_key, s.activities, s.first_at, s.last_at, " + key + " AS k" +
		" FROM " + from + " WHERE " + where + " ORDER BY " + key + " DESC, s.member_id LIMIT ?) s" +
		" JOIN members m ON m.id = s.member_id ORDER BY s.k DESC, s.member_id"
}

// listCountSQL counts the rows where selects. Standing rows only: their
// foreign key keeps each one's member, so joining members would count the
// same.
func listCountSQL(from, where string) string {
	return "SELECT COUNT(*) FROM " + from + " WHERE " + where
}

// listIndexes are the lists' partial indexes (migration 0042).
var listIndexes = map[ListName]string{
	ListNextStep:       "member_standing_next_step",
	ListQuietNewcomers: "member_standing_quiet_newcomers",
	ListGoingQuiet:     "member_standing_going_quiet",
}

// listFrom is the FROM of list name's queries. SQLite is held to the
// list's index: with its statistics it chose the mode index for the
// next-step list (a table row for each of 7,352 contributors, where the
// partial index answers from 7,064 entries alone), and without them, on
// a new database, the stage index for the quiet newcomers. INDEXED BY
// also makes a filter that no longer implies its index's WHERE an error
// rather than a slow list. PostgreSQL's planner weighs partial indexes
// by their own statistics and picks them unaided.
func (s *Service) listFrom(name ListName) string {
	if s.DB.Dialect == store.SQLite {
		return "member_standing s INDEXED BY " + listIndexes[name]
	}
	return "member_standing s"
}

// ListHead is the start of one list, for the dashboard: how many are on
// it and the first few, in the list's order.
type ListHead struct {
	Name  ListName  `json:"name"`
	Title string    `json:"title"`
	Count int       `json:"count"`
	First []ListRow `json:"first"`
}

// ListHeads returns every list's count and first n members (1..500), in
// the order of Lists, for viewers; the next-step list with its default
// months.
func (s *Service) ListHeads(ctx context.Context, n int) ([]ListHead, error) {
	out := make([]ListHead, 0, len(Lists))
	for _, l := range Lists {
		rows, _, err := s.List(ctx, ListQuery{Name: l.Name, Limit: n})
		if err != nil {
			return nil, err
		}
		h := ListHead{Name: l.Name, Title: l.Title, First: rows, Count: len(rows)}
		if len(rows) == n {
			where, _, args := s.listFilter(ListQuery{Name: l.Name})
			if err := s.DB.QueryRow(ctx, listCountSQL(s.listFrom(l.Name), where), args...).Scan(&h.Count); err != nil {
				return nil, store.Wrap(err, "Could not count the list.")
			}
		}
		out = append(out, h)
	}
	return out, nil
}
