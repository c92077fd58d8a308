package api

import (
	"context"
	"net/http"
)

// MemberArchive answers POST /api/v1/members/{id}/archive with the member,
// now hidden from the list but kept with all their history. Archiving an
// archived member changes nothing. NotFound when there is none.
func (h *Handler) MemberArchive(w http.ResponseWriter, r *http.Request) {
	h.setArchived(w, r, h.app.Members.Archive)
}

// MemberUnarchive answers POST /api/v1/members/{id}/unarchive with the
// member, back on the list. NotFound when there is none.
func (h *Handler) MemberUnarchive(w http.ResponseWriter, r *http.Request) {
	h.setArchived(w, r, h.app.Members.Unarchive)
}

func (h *Handler) setArchived(w http.ResponseWriter, r *http.Request, change func(context.Context, int64) error) {
	id, err := pathID(r, "member")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	if err := change(ctx, id); err != nil {
		h.fail(w, r, err)
		return
	}
	m, err := h.app.Members.Get(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, m)
}
