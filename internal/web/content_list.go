package web

import (
	"net/http"
	"strings"

	"github.com/trellis-community/trellis/internal/content"
)

// contentListPage is one page of the content list.
type contentListPage struct {
	Items    []content.Item
	Kinds    []content.Kind
	Statuses []content.Status
	Channels []content.ChannelKind
	Pillars  []content.Item
	Today    string
	Filtered bool
	Older    string
	Newest   string
}

// contentPageSize is how many items one page of the list shows.
const contentPageSize = 25

// contentList shows content newest first by date, filtered by kind,
// status, channel and pillar, a page at a time (?cursor=).
func (s *Server) contentList(w http.ResponseWriter, r *http.Request) {
	if redirectToCleanQuery(w, r, nil) {
		return
	}
	ctx := r.Context()
	q := r.URL.Query()
	f := content.Filter{
		Kind:     content.Kind(strings.TrimSpace(q.Get("kind"))),
		Status:   content.Status(strings.TrimSpace(q.Get("status"))),
		Channel:  content.ChannelKind(strings.TrimSpace(q.Get("channel"))),
		PillarID: formID(q.Get("pillar")),
		Cursor:   q.Get("cursor"),
		Limit:    contentPageSize,
	}
	p := contentListPage{Kinds: content.Kinds(), Statuses: content.Statuses(), Channels: content.ChannelKinds(),
		Today: s.today(), Filtered: f.Kind != "" || f.Status != "" || f.Channel != "" || q.Get("pillar") != ""}
	var err error
	if p.Pillars, err = s.app.Content.Pillars(ctx); err != nil {
		s.renderError(w, r, err)
		return
	}
	v := view{Title: "Content", Nav: "content", Form: q}
	list, next, err := s.app.Content.List(ctx, f)
	if e, ok := asInvalid(err); ok {
		v.Errors, v.FormError, v.Data = e.Fields, e.Message, p
		s.render(w, r, http.StatusUnprocessableEntity, "content_list", v)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p.Items = list
	if next != "" {
		p.Older = "/content?" + withQuery(q, "cursor", next)
	}
	if f.Cursor != "" {
		p.Newest = "/content?" + withQuery(q, "cursor", "")
	}
	v.Data = p
	s.render(w, r, http.StatusOK, "content_list", v)
}
