package content

import (
	"context"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// cursorItems is the content list's page cursor; its key is dated_on.
var cursorItems = store.CursorList{Name: "c", Key: store.TextKey}

// Filter narrows List. Zero fields match everything.
type Filter struct {
	Kind     Kind        `json:"kind"`
	Status   Status      `json:"status"`
	Channel  ChannelKind `json:"channel"`
	PillarID int64       `json:"pillar_id"` // the pillar and the items of its campaign
	Pillars  bool        `json:"pillars"`   // pillars only
	From     string      `json:"from"`      // dated on or after, YYYY-MM-DD
	To       string      `json:"to"`        // dated on or before
	Cursor   string      `json:"cursor"`
	Limit    int         `json:"limit"` // default 50, at most 500
}

// check normalizes f and reports every problem, by parameter name.
func (f *Filter) check() error {
	f.Kind = Kind(strings.TrimSpace(string(f.Kind)))
	f.Status = Status(strings.TrimSpace(string(f.Status)))
	f.Channel = ChannelKind(strings.TrimSpace(string(f.Channel)))
	var fe apperr.FieldErrors
	if f.Kind != "" && !f.Kind.Valid() {
		fe.Add("kind", "must be one of %s", joinNames(Kinds()))
	}
	if f.Status != "" && !f.Status.Valid() {
		fe.Add("status", "must be one of %s", joinNames(Statuses()))
	}
	if f.Channel != "" && !f.Channel.Valid() {
		fe.Add("channel", "must be one of %s", joinNames(ChannelKinds()))
	}
	if f.PillarID < 0 {
		fe.Add("pillar_id", "must be a content item's id")
	}
	for _, d := range []struct{ field, value string }{{"from", f.From}, {"to", f.To}} {
		if d.value != "" && !validDate(d.value) {
			fe.Add(d.field, "must be a date written YYYY-MM-DD")
		}
	}
	if f.From != "" && f.To != "" && f.To < f.From {
		fe.Add("to", "must be on or after the from date")
	}
	return fe.Err()
}

// where is f as conditions on content_items c.
func (f Filter) where() *store.Where {
	w := &store.Where{}
	if f.Kind != "" {
		w.Add("c.kind = ?", string(f.Kind))
	}
	if f.Status != "" {
		w.Add("c.status = ?", string(f.Status))
	}
	if f.Channel != "" {
		w.Add("EXISTS (SELECT 1 FROM content_channels ch WHERE ch.content_id = c.id AND ch.channel = ?)", string(f.Channel))
	}
	if f.PillarID != 0 {
		w.Add("(c.id = ? OR c.pillar_id = ?)", f.PillarID, f.PillarID)
	}
	if f.Pillars {
		w.Add("c.is_pillar = ?", true)
	}
	if f.From != "" {
		w.Add("c.dated_on >= ?", f.From)
	}
	if f.To != "" {
		w.Add("c.dated_on <= ? AND c.dated_on <> ''", f.To)
	}
	return w
}

// List returns items newest first by their date (published, else
// planned; undated ideas last), a page at a time, each in full. next is
// the cursor of the following page, "" on the last. Errors are Invalid
// naming "kind", "status", "channel", "pillar_id", "from", "to" or
// "cursor".
func (s *Service) List(ctx context.Context, f Filter) (list []Item, next string, err error) {
	if err := f.check(); err != nil {
		return nil, "", err
	}
	cur, hasCursor, err := store.ParseCursor(f.Cursor, cursorItems)
	if err != nil {
		return nil, "", err
	}
	limit := store.PageLimit(f.Limit)
	order := store.Keyset{Key: "c.dated_on", ID: "c.id", Desc: true}
	w := f.where()
	if hasCursor {
		order.After(w, cur.Key, cur.ID)
	}
	list, err = loadItems(ctx, s.DB, s.DB.Dialect, w.SQL()+order.OrderBy()+" LIMIT ?", w.Args(limit+1))
	if err != nil {
		return nil, "", store.Wrap(err, "Could not list content.")
	}
	if len(list) > limit {
		list = list[:limit]
		last := list[limit-1]
		next = store.Cursor{List: cursorItems.Name, Key: last.On(), ID: last.ID}.String()
	}
	return list, next, nil
}
