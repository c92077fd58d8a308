package relationships

import (
	"context"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
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

// The orderings of the two phases of a follow-up list.
var (
	openOrder = store.Keyset{Key: "f.due_on", ID: "f.id"}
	doneOrder = store.Keyset{Key: "f.done_at", ID: "f.id", Desc: true}
)

// ListFollowUps returns follow-ups a page at a time: open ones soonest due
// first, done ones most recently completed first, and for "all" the open
// ones before the done ones. next is the Cursor for the following page, ""
// on the last. Errors are Invalid naming "status" or "cursor".
func (s *Service) ListFollowUps(ctx context.Context, f FollowUpFilter) (list []FollowUp, next string, err error) {
	today := s.today()
	w := &store.Where{}
	// Each list is read in one or two phases, each with its own order and
	// cursor kind: open follow-ups, then done ones.
	var phases []store.CursorList
	switch strings.ToLower(strings.TrimSpace(f.Status)) {
	case "", "open":
		phases = []store.CursorList{cursorFollowUpOpen}
	case "overdue":
		phases = []store.CursorList{cursorFollowUpOpen}
		w.Add("f.due_on < ?", today)
	case "due":
		phases = []store.CursorList{cursorFollowUpOpen}
		w.Add("f.due_on <= ?", today)
	case "upcoming":
		phases = []store.CursorList{cursorFollowUpOpen}
		w.Add("f.due_on > ?", today)
	case "done":
		phases = []store.CursorList{cursorFollowUpDone}
	case "all":
		phases = []store.CursorList{cursorFollowUpOpen, cursorFollowUpDone}
	default:
		var fe apperr.FieldErrors
		fe.Add("status", "must be one of open, overdue, due, upcoming, done, all")
		return nil, "", fe.Err()
	}
	if f.OwnerID != 0 {
		w.Add("f.owner_id = ?", f.OwnerID)
	}
	if f.MemberID != 0 {
		w.Add("f.member_id = ?", f.MemberID)
	}
	cur, hasCursor, err := store.ParseCursor(f.Cursor, phases...)
	if err != nil {
		return nil, "", err
	}
	if hasCursor && cur.List == cursorFollowUpDone.Name {
		phases = []store.CursorList{cursorFollowUpDone}
	}
	limit := store.PageLimit(f.Limit)

	list = []FollowUp{}
	for _, phase := range phases {
		pw := w.Clone()
		order := openOrder
		if phase == cursorFollowUpOpen {
			pw.Add("f.status = 'open'")
			if hasCursor && cur.List == phase.Name {
				order.After(pw, cur.Key, cur.ID)
			}
		} else {
			order = doneOrder
			pw.Add("f.status = 'done'")
			if hasCursor && cur.List == phase.Name {
				order.After(pw, cur.IntKey(), cur.ID)
			}
		}
		// One extra row tells whether another page follows.
		rows, err := queryFollowUps(ctx, s.DB, strings.TrimPrefix(pw.SQL(), " ")+order.OrderBy()+" LIMIT ?",
			pw.Args(limit+1-len(list)), today)
		if err != nil {
			return nil, "", store.Wrap(err, "Could not list follow-ups.")
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
func followUpCursor(f FollowUp) store.Cursor {
	if f.Status == Done && f.DoneAt != nil {
		return store.Cursor{List: cursorFollowUpDone.Name, Key: strconv.FormatInt(f.DoneAt.Unix(), 10), ID: f.ID}
	}
	return store.Cursor{List: cursorFollowUpOpen.Name, Key: f.DueOn, ID: f.ID}
}
