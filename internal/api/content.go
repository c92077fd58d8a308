package api

import (
	"net/http"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/httpx"
)

// contentReadOnly are fields a content item shows but a PATCH may not
// set: authors are set through author_member_ids and author_user_ids,
// figures through /metrics.
var contentReadOnly = []string{"id", "authors", "figures", "pillar_title", "created_by", "created_at", "updated_at", "version"}

// contentPage is one page of content items; NextCursor is left out on the
// last page.
type contentPage struct {
	Items      []content.Item `json:"items"`
	NextCursor string         `json:"next_cursor,omitempty"`
}

// ContentList answers GET /api/v1/content with items newest first by
// their date (published, else planned), a page at a time. Query: kind,
// status, channel, pillar_id (the pillar and its campaign), from, to,
// cursor, limit. Errors: Invalid naming the parameter.
func (h *Handler) ContentList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var fe apperr.FieldErrors
	f := content.Filter{
		Kind:     content.Kind(q.Get("kind")),
		Status:   content.Status(q.Get("status")),
		Channel:  content.ChannelKind(q.Get("channel")),
		PillarID: queryID(&fe, q, "pillar_id"),
		From:     strings.TrimSpace(q.Get("from")),
		To:       strings.TrimSpace(q.Get("to")),
		Cursor:   q.Get("cursor"),
		Limit:    queryLimit(&fe, q),
	}
	if err := fe.Err(); err != nil {
		h.fail(w, r, err)
		return
	}
	list, next, err := h.app.Content.List(r.Context(), f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, contentPage{Items: list, NextCursor: next})
}

// ContentCreate answers POST /api/v1/content with 201 and the stored item.
// Errors are Invalid naming the field (see content.Input).
func (h *Handler) ContentCreate(w http.ResponseWriter, r *http.Request) {
	var in content.Input
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.fail(w, r, err)
		return
	}
	it, err := h.app.Content.Create(r.Context(), in)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	setETag(w, it.Version)
	created(w, "/api/v1/content", it.ID, it)
}

// ContentGet answers GET /api/v1/content/{id}; NotFound when there is none.
func (h *Handler) ContentGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "content item")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	it, err := h.app.Content.Get(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	setETag(w, it.Version)
	ok(w, it)
}

// ContentPatch answers PATCH /api/v1/content/{id}: a JSON merge patch over
// the item's writable fields, applied to the item as it stands inside the
// transaction that stores it; with If-Match only to that version (409
// listing what changed otherwise). Errors: NotFound; Invalid naming the
// field; Conflict.
func (h *Handler) ContentPatch(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "content item")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	version, err := ifMatch(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	patch, err := readMergePatch(w, r, contentReadOnly)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	it, err := h.app.Content.Edit(r.Context(), id, version, func(current content.Item) (content.Input, error) {
		var next content.Input
		err := patch.applyTo(content.InputOf(current), contentReadOnly, &next)
		return next, err
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	setETag(w, it.Version)
	ok(w, it)
}

// ContentDelete answers DELETE /api/v1/content/{id} with 204; the items of
// a deleted pillar's campaign stay, unlinked. With If-Match only at that
// version. Errors: NotFound; Conflict.
func (h *Handler) ContentDelete(w http.ResponseWriter, r *http.Request) {
	h.deleteAt(w, r, "content item", h.app.Content.Delete)
}
