package api

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/relationships"
)

// InteractionGet answers GET /api/v1/interactions/{id} with one interaction,
// its participants and follow-ups; NotFound when there is none.
func (h *Handler) InteractionGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "interaction")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	it, err := h.app.Relationships.GetInteraction(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	setETag(w, it.Version)
	ok(w, it)
}

// InteractionPatch answers PATCH /api/v1/interactions/{id}: a JSON merge
// patch over occurred_on, channel, summary, notes, outcome, member_ids and
// user_ids, applied to the interaction as it stands inside the transaction
// that stores it, validated as a whole; returns the interaction and its new
// ETag. With If-Match the patch is applied only to that version. Follow-ups
// are changed through /api/v1/followups. Errors: NotFound; Invalid naming
// the field (read-only and unknown fields included) or If-Match; Conflict
// (409) listing what changed when If-Match names an older version.
func (h *Handler) InteractionPatch(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "interaction")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	version, err := ifMatch(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	patch, err := readMergePatch(w, r, interactionReadOnly)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	it, err := h.app.Relationships.EditInteraction(r.Context(), id, version, func(current relationships.Interaction) (relationships.InteractionInput, error) {
		var next interactionFields
		err := patch.applyTo(fieldsOf(current), interactionReadOnly, &next)
		return next.input(), err
	})
	if err != nil {
		h.fail(w, r, renameFields(err, interactionFieldNames))
		return
	}
	setETag(w, it.Version)
	ok(w, it)
}

// InteractionDelete answers DELETE /api/v1/interactions/{id} with 204. The
// follow-ups it gave rise to stay open. With If-Match it is deleted only
// at that version. Errors: NotFound; Conflict (409) listing what changed.
func (h *Handler) InteractionDelete(w http.ResponseWriter, r *http.Request) {
	h.deleteAt(w, r, "interaction", h.app.Relationships.DeleteInteractionAt)
}
