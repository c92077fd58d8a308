package api

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/httpx"
	"github.com/trellis-community/trellis/internal/relationships"
)

// GroupList answers GET /api/v1/groups with every stakeholder group,
// built-in ones first: {"groups": [...]}.
func (h *Handler) GroupList(w http.ResponseWriter, r *http.Request) {
	groups, err := h.app.Relationships.ListGroups(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, struct {
		Groups []relationships.Group `json:"groups"`
	}{groups})
}

// GroupCreate answers POST /api/v1/groups {"name": "..."} with 201 and the
// new group. Errors: Invalid on "name"; Conflict when a group of that name
// (ignoring case) exists.
func (h *Handler) GroupCreate(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Name string `json:"name"`
	}
	if err := httpx.DecodeJSON(w, r, &body); err != nil {
		h.fail(w, r, err)
		return
	}
	g, err := h.app.Relationships.CreateGroup(r.Context(), body.Name)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, g)
}
