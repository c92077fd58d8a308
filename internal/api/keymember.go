package api

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/httpx"
	"github.com/trellis-community/trellis/internal/relationships"
)

// KeyMemberList answers GET /api/v1/key-members with where the team stands
// with every key member who is not archived, ordered by name, each with
// last contact, next due date and warmth: {"key_members": [...]}.
func (h *Handler) KeyMemberList(w http.ResponseWriter, r *http.Request) {
	list, err := h.app.Relationships.KeyMemberStatuses(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, struct {
		KeyMembers []relationships.KeyMemberStatus `json:"key_members"`
	}{list})
}

// keyMemberBody is what PUT /api/v1/members/{id}/key sends.
type keyMemberBody struct {
	CadenceDays int     `json:"cadence_days"`
	GroupIDs    []int64 `json:"group_ids"`
	Note        string  `json:"note"`
}

// KeyMemberPut answers PUT /api/v1/members/{id}/key: makes the member key,
// or replaces their cadence, groups and note, and returns the key-member
// record with its version as the ETag. With If-Match the record is
// replaced only at that version. Errors: NotFound for an unknown member;
// Invalid naming "cadence_days" (1..366), "group_ids" (an unknown group),
// "note" or If-Match; Conflict (409) listing what changed when If-Match
// names an older version (or the member stopped being key).
func (h *Handler) KeyMemberPut(w http.ResponseWriter, r *http.Request) {
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
	var body keyMemberBody
	if err := httpx.DecodeJSON(w, r, &body); err != nil {
		h.fail(w, r, err)
		return
	}
	km, err := h.app.Relationships.SetKeyMemberAt(r.Context(), id, version, body.CadenceDays, body.GroupIDs, body.Note)
	if err != nil {
		h.fail(w, r, renameFields(err, map[string]string{"groups": "group_ids"}))
		return
	}
	setETag(w, km.Version)
	ok(w, km)
}

// KeyMemberDelete answers DELETE /api/v1/members/{id}/key with 204: the
// member is no longer key; their history stays. NotFound when they were
// not key. With If-Match the record is removed only at that version;
// Conflict (409) listing what changed otherwise.
func (h *Handler) KeyMemberDelete(w http.ResponseWriter, r *http.Request) {
	h.deleteAt(w, r, "member", h.app.Relationships.RemoveKeyMemberAt)
}
