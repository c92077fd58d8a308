package relationships

import (
	"context"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// InteractionFilter narrows ListInteractions. Zero fields match everything.
type InteractionFilter struct {
	MemberID int64   `json:"member_id"`
	UserID   int64   `json:"user_id"`
	Channel  Channel `json:"channel"`
	From     string  `json:"from"` // YYYY-MM-DD, inclusive
	To       string  `json:"to"`   // YYYY-MM-DD, inclusive
	Cursor   string  `json:"cursor"`
	Limit    int     `json:"limit"` // default 50, at most 500
}

// ListInteractions returns interactions newest first (by date, then most
// recently logged), a page at a time, each with its participants and
// follow-ups. next is the Cursor for the following page, "" on the last.
// Errors are Invalid naming "channel", "from", "to" or "cursor".
func (s *Service) ListInteractions(ctx context.Context, f InteractionFilter) (list []Interaction, next string, err error) {
	var fe apperr.FieldErrors
	if f.Channel != "" && !f.Channel.Valid() {
		fe.Add("channel", "must be one of meeting, call, email, event, chat, conference, other")
	}
	for _, d := range []struct{ field, value string }{{"from", f.From}, {"to", f.To}} {
		if d.value != "" && !validDate(d.value) {
			fe.Add(d.field, "must be a date written YYYY-MM-DD")
		}
	}
	if f.From != "" && f.To != "" && f.To < f.From {
		fe.Add("to", "must be on or after the from date")
	}
	if err := fe.Err(); err != nil {
		return nil, "", err
	}
	cur, hasCursor, err := store.ParseCursor(f.Cursor, cursorInteraction)
	if err != nil {
		return nil, "", err
	}
	limit := store.PageLimit(f.Limit)

	// Filtering by member walks that member's slice of the
	// interaction_members index, which holds the date and id already.
	order := store.Keyset{Key: "i.occurred_on", ID: "i.id", Desc: true}
	var join string
	var joinArgs []any
	if f.MemberID != 0 {
		join = "JOIN interaction_members im ON im.interaction_id = i.id AND im.member_id = ?"
		joinArgs = []any{f.MemberID}
		order.Key, order.ID = "im.occurred_on", "im.interaction_id"
	}
	w := &store.Where{}
	if f.UserID != 0 {
		w.Add("EXISTS (SELECT 1 FROM interaction_users iu WHERE iu.interaction_id = i.id AND iu.user_id = ?)", f.UserID)
	}
	if f.Channel != "" {
		w.Add("i.channel = ?", string(f.Channel))
	}
	if f.From != "" {
		w.Add(order.Key+" >= ?", f.From)
	}
	if f.To != "" {
		w.Add(order.Key+" <= ?", f.To)
	}
	if hasCursor {
		order.After(w, cur.Key, cur.ID)
	}
	// One extra row tells whether another page follows.
	args := append(joinArgs, w.Args(limit+1)...)
	list, err = scanInteractions(ctx, s.DB, join+w.SQL()+order.OrderBy()+" LIMIT ?", args)
	if err != nil {
		return nil, "", store.Wrap(err, "Could not list interactions.")
	}
	if len(list) > limit {
		list = list[:limit]
		last := list[limit-1]
		next = store.Cursor{List: cursorInteraction.Name, Key: last.OccurredOn, ID: last.ID}.String()
	}
	if err := fillInteractions(ctx, s.DB, list, s.today()); err != nil {
		return nil, "", store.Wrap(err, "Could not list interactions.")
	}
	return list, next, nil
}
