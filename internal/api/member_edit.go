package api

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
)

// memberReadOnly are fields a member shows but a PATCH may not set;
// archived_at changes through /archive and /unarchive.
var memberReadOnly = []string{"id", "archived_at", "created_at", "updated_at", "version", "participation"}

// MemberGet answers GET /api/v1/members/{id} with everything recorded about
// one member, its version as the ETag; NotFound when there is none. For a
// member merged into another, the 404's error also holds merged_into, the id
// that holds the record now (not a redirect: a client following it blindly
// could PATCH or DELETE the wrong record).
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
	setETag(w, m.Version)
	withP, err := h.withParticipation(r.Context(), []members.Member{m})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, withP[0])
}

// MemberPatch answers PATCH /api/v1/members/{id} with the stored member
// and its new ETag. The body is a JSON merge patch (RFC 7396) applied to
// the current record inside the transaction that stores it: fields present
// replace, null clears, absent fields are kept, objects (preferences,
// consent, custom_fields) merge key by key, and lists are replaced whole;
// so concurrent patches of different fields or custom-field keys all
// survive. The result is validated as a whole. With If-Match the patch is
// applied only to that version. Errors: NotFound; Invalid naming the field,
// including read-only and unknown fields, or If-Match; Conflict (409)
// listing what changed when If-Match names an older version.
func (h *Handler) MemberPatch(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "member")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	version, err := ifMatch(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	patch, err := readMergePatch(w, r, memberReadOnly)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out, err := h.app.Members.Edit(r.Context(), id, version, func(current members.Member) (members.Member, error) {
		var next members.Member
		err := patch.applyTo(current, memberReadOnly, &next)
		return next, err
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	setETag(w, out.Version)
	ok(w, out)
}

// MemberDelete answers DELETE /api/v1/members/{id} with 204. Everything
// recorded about the member goes with them; archive instead to keep their
// history. With If-Match the member is deleted only at that version.
// Errors: NotFound; Conflict (409) listing what changed since If-Match.
func (h *Handler) MemberDelete(w http.ResponseWriter, r *http.Request) {
	h.deleteAt(w, r, "member", h.app.Members.DeleteAt)
}
