package api

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
)

// memberReadOnly are fields a member shows but a PATCH may not set;
// archived_at changes through /archive and /unarchive.
var memberReadOnly = []string{"id", "archived_at", "created_at", "updated_at"}

// MemberGet answers GET /api/v1/members/{id} with everything recorded about
// one member; NotFound when there is none. For a member merged into
// another, the 404's error also holds merged_into, the id that holds the
// record now (not a redirect: a client following it blindly could PATCH or
// DELETE the wrong record).
func (h *Handler) MemberGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "member")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	m, err := h.app.Members.Get(r.Context(), id)
	if apperr.Is(err, apperr.NotFound) && h.writeMergedAway(w, r, id) {
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, m)
}

// MemberPatch answers PATCH /api/v1/members/{id} with the stored member.
// The body is a JSON merge patch (RFC 7396) applied to the current record:
// fields present replace, null clears, absent fields are kept, objects
// (preferences, consent, custom_fields) merge key by key, and lists are
// replaced whole. The result is validated as a whole. Errors: NotFound;
// Invalid naming the field, including read-only and unknown fields.
func (h *Handler) MemberPatch(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "member")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	current, err := h.app.Members.Get(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var next members.Member
	if err := applyMergePatch(w, r, current, memberReadOnly, &next); err != nil {
		h.fail(w, r, err)
		return
	}
	next.ID = id
	out, err := h.app.Members.Update(ctx, next)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, out)
}

// MemberDelete answers DELETE /api/v1/members/{id} with 204. Everything
// recorded about the member goes with them; archive instead to keep their
// history. NotFound when there is none.
func (h *Handler) MemberDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "member")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.app.Members.Delete(r.Context(), id); err != nil {
		h.fail(w, r, err)
		return
	}
	noContent(w)
}
