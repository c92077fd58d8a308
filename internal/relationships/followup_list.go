package relationships

import (
	"context"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
)

// FollowUpFilter narrows ListFollowUps.
type FollowUpFilter struct {
	// Status is one of "open" (the default), "overdue" (open, due before
	// today), "due" (open, due today or before), "upcoming" (open, due after
	// today), "done" or "all".
	Status   string `json:"status"`
	OwnerID  int64  `json:"owner_id"`
	MemberID int64  `json:"member_id"`
	Cursor   string `json:"cursor"`
	Limit    int    `json:"limit"` // default 50, at most 500
}

// ListFollowUps returns follow-ups a page at a time: open ones soonest due
// first, done ones most recently completed first, and for "all" the open
// ones before the done ones. next is the Cursor for the following page, ""
// on the last. Errors are Invalid naming "status" or "cursor".
func (s *Service) ListFollowUps(ctx context.Context, f FollowUpFilter) (list []FollowUp, next string, err error) {
	today := s.today()
	var conds []string
	var args []any
	cond := func(c string, a ...any) {
		conds = append(conds, c)
		args = append(args, a...)
	}
	// Each list is read in one or two phases, each with its own order and
	// cursor kind: open follow-ups, then done ones.
	var phases []byte
	switch strings.ToLower(strings.TrimSpace(f.Status)) {
	case "", "open":
		phases = []byte{cursorFollowUpOpen}
	case "overdue":
		phases = []byte{cursorFollowUpOpen}
		cond("f.due_on < ?", today)
	case "due":
		phases = []byte{cursorFollowUpOpen}
		cond("f.due_on <= ?", today)
	case "upcoming":
		phases = []byte{cursorFollowUpOpen}
		cond("f.due_on > ?", today)
	case "done":
		phases = []byte{cursorFollowUpDone}
	case "all":
		phases = []byte{cursorFollowUpOpen, cursorFollowUpDone}
	default:
		var fe apperr.FieldErrors
		fe.Add("status", "must be one of open, overdue, due, upcoming, done, all")
		return nil, "", fe.Err()
	}
	if f.OwnerID != 0 {
		cond("f.owner_id = ?", f.OwnerID)
	}
	if f.MemberID != 0 {
		cond("f.member_id = ?", f.MemberID)
	}
	cur, hasCursor, err := parseCursor(f.Cursor, phases...)
	if err != nil {
		return nil, "", err
	}
	if hasCursor && cur.kind == cursorFollowUpDone {
		phases = []byte{cursorFollowUpDone}
	}
	limit := pageLimit(f.Limit)

	list = []FollowUp{}
	for _, phase := range phases {
		pc, pa := append([]string(nil), conds...), append([]any(nil), args...)
		var order string
		if phase == cursorFollowUpOpen {
			pc = append(pc, "f.status = 'open'")
			if hasCursor && cur.kind == phase {
				pc = append(pc, "(f.due_on > ? OR (f.due_on = ? AND f.id > ?))")
				pa = append(pa, cur.key, cur.key, cur.id)
			}
			order = " ORDER BY f.due_on, f.id"
		} else {
			pc = append(pc, "f.status = 'done'")
			if hasCursor && cur.kind == phase {
				doneAt, _ := strconv.ParseInt(cur.key, 10, 64) // parseCursor checked it
				pc = append(pc, "(f.done_at < ? OR (f.done_at = ? AND f.id < ?))")
				pa = append(pa, doneAt, doneAt, cur.id)
			}
			order = " ORDER BY f.done_at DESC, f.id DESC"
		}
		// One extra row tells whether another page follows.
		pa = append(pa, limit+1-len(list))
		rows, err := queryFollowUps(ctx, s.DB, "WHERE "+strings.Join(pc, " AND ")+order+" LIMIT ?", pa, today)
		if err != nil {
			return nil, "", wrapInternal(err, "Could not list follow-ups.")
		}
		list = append(list, rows...)
		if len(list) > limit {
			break
		}
	}
	if len(list) > limit {
		list = list[:limit]
		next = followUpCursor(list[limit-1]).String()
	}
	return list, next, nil
}

// followUpCursor marks the place after f in its phase of a list.
func followUpCursor(f FollowUp) cursor {
	if f.Status == Done && f.DoneAt != nil {
		return cursor{kind: cursorFollowUpDone, key: strconv.FormatInt(f.DoneAt.Unix(), 10), id: f.ID}
	}
	return cursor{kind: cursorFollowUpOpen, key: f.DueOn, id: f.ID}
}
