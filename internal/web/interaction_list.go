package web

import (
	"net/http"
	"strings"

	"github.com/trellis-community/trellis/internal/relationships"
)

// interactionsPage is one page of the interactions list.
type interactionsPage struct {
	Interactions []relationships.Interaction
	Channels     []relationships.Channel
	MemberID     int64 // filtered on one member (coming from their page)
	MemberName   string
	Filtered     bool   // any filter is set
	Older        string // link to the next, older page; "" on the last
	Newest       string // link back to the first page, when on a later one
}

// interactionPageSize is how many interactions one page lists.
const interactionPageSize = 25

// interactionList shows interactions newest first, filtered by channel,
// a date range (?from, ?to) or one member (?member=ID), a page at a time
// with an "Older" link (keyset pagination: ?cursor=).
func (s *Server) interactionList(w http.ResponseWriter, r *http.Request) {
	if redirectToCleanQuery(w, r, nil) {
		return
	}
	ctx := r.Context()
	q := r.URL.Query()
	f := relationships.InteractionFilter{
		Channel: relationships.Channel(strings.TrimSpace(q.Get("channel"))),
		From:    strings.TrimSpace(q.Get("from")),
		To:      strings.TrimSpace(q.Get("to")),
		Cursor:  q.Get("cursor"),
		Limit:   interactionPageSize,
	}
	p := interactionsPage{Channels: relationships.Channels(),
		Filtered: f.Channel != "" || f.From != "" || f.To != "" || q.Get("member") != ""}
	if q.Get("member") != "" {
		f.MemberID = formID(q.Get("member"))
		m, err := s.app.Members.Get(ctx, f.MemberID)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		p.MemberID, p.MemberName = m.ID, m.DisplayName()
	}
	v := view{Title: "Interactions", Nav: "interactions", Form: q}
	list, next, err := s.app.Relationships.ListInteractions(ctx, f)
	if e, ok := asInvalid(err); ok {
		// A filter that cannot be read: say so beside it, list nothing.
		v.Errors, v.FormError, v.Data = e.Fields, e.Message, p
		s.render(w, r, http.StatusUnprocessableEntity, "interaction_list", v)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p.Interactions = list
	if next != "" {
		p.Older = "/interactions?" + withQuery(q, "cursor", next)
	}
	if f.Cursor != "" {
		p.Newest = "/interactions?" + withQuery(q, "cursor", "")
	}
	v.Data = p
	s.render(w, r, http.StatusOK, "interaction_list", v)
}
