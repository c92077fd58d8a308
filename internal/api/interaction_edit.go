package api

import "net/http"

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
	ok(w, it)
}

// InteractionPatch answers PATCH /api/v1/interactions/{id}: a JSON merge
// patch over occurred_on, channel, summary, notes, outcome, member_ids and
// user_ids, validated as a whole and stored; returns the interaction.
// Follow-ups are changed through /api/v1/followups. Errors: NotFound;
// Invalid naming the field (read-only and unknown fields included).
func (h *Handler) InteractionPatch(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "interaction")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	current, err := h.app.Relationships.GetInteraction(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var next interactionFields
	if err := applyMergePatch(w, r, fieldsOf(current), interactionReadOnly, &next); err != nil {
		h.fail(w, r, err)
		return
	}
	it, err := h.app.Relationships.UpdateInteraction(ctx, id, next.input())
	if err != nil {
		h.fail(w, r, renameFields(err, interactionFieldNames))
		return
	}
	ok(w, it)
}

// InteractionDelete answers DELETE /api/v1/interactions/{id} with 204. The
// follow-ups it gave rise to stay open. NotFound when there is none.
func (h *Handler) InteractionDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "interaction")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.app.Relationships.DeleteInteraction(r.Context(), id); err != nil {
		h.fail(w, r, err)
		return
	}
	noContent(w)
}
