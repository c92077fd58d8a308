package api

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/httpx"
)

// goalFields are the fields of a goal the API accepts: what a goal shows,
// less what Trellis keeps itself.
type goalFields struct {
	Title       string            `json:"title"`
	Description string            `json:"description"`
	Why         string            `json:"why"`
	OwnerUserID int64             `json:"owner_user_id"`
	Status      goals.Status      `json:"status"`
	RetiredOn   string            `json:"retired_on"`
	Indicators  []goals.Indicator `json:"indicators"`
}

// goalReadOnly are fields a goal shows but a PATCH may not set.
var goalReadOnly = []string{"id", "owner_name", "created_at", "updated_at", "version"}

func (f goalFields) goal() goals.Goal {
	return goals.Goal{Title: f.Title, Description: f.Description, Why: f.Why, OwnerUserID: f.OwnerUserID,
		Status: f.Status, RetiredOn: f.RetiredOn, Indicators: f.Indicators}
}

func goalFieldsOf(g goals.Goal) goalFields {
	return goalFields{Title: g.Title, Description: g.Description, Why: g.Why, OwnerUserID: g.OwnerUserID,
		Status: g.Status, RetiredOn: g.RetiredOn, Indicators: g.Indicators}
}

// GoalList answers GET /api/v1/goals with every shared goal and its
// indicators, active ones first: {"goals": [...]}. A community has a
// handful of goals, so the list is not paged.
func (h *Handler) GoalList(w http.ResponseWriter, r *http.Request) {
	gs, err := h.app.Goals.List(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, struct {
		Goals []goals.Goal `json:"goals"`
	}{gs})
}

// GoalCreate answers POST /api/v1/goals with 201, the new goal and its
// ETag. Errors: Invalid naming the field ("title", "indicators[0].target"
// ...), a title another goal has included.
func (h *Handler) GoalCreate(w http.ResponseWriter, r *http.Request) {
	var body goalFields
	if err := httpx.DecodeJSON(w, r, &body); err != nil {
		h.fail(w, r, err)
		return
	}
	g, err := h.app.Goals.Create(r.Context(), body.goal())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	setETag(w, g.Version)
	httpx.WriteJSON(w, http.StatusCreated, g)
}

// GoalGet answers GET /api/v1/goals/{id} with one goal and its ETag.
func (h *Handler) GoalGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "goal")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	g, err := h.app.Goals.Get(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	setETag(w, g.Version)
	ok(w, g)
}

// GoalPatch answers PATCH /api/v1/goals/{id}: a JSON merge patch over
// title, description, why, owner_user_id (null for nobody), status,
// retired_on and indicators (the whole list replaced), applied to the goal
// as it stands inside the transaction that stores it. With If-Match only
// to that version. Errors: NotFound; Invalid naming the field; Conflict
// (409) listing what changed.
func (h *Handler) GoalPatch(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "goal")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	version, err := ifMatch(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	patch, err := readMergePatch(w, r, goalReadOnly)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	g, err := h.app.Goals.Edit(r.Context(), id, version, func(current goals.Goal) (goals.Goal, error) {
		var next goalFields
		err := patch.applyTo(goalFieldsOf(current), goalReadOnly, &next)
		return next.goal(), err
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	setETag(w, g.Version)
	ok(w, g)
}

// GoalDelete answers DELETE /api/v1/goals/{id} with 204. A goal something
// still serves is refused with 409 naming what serves it (retire it with
// PATCH {"status": "retired"} instead). With If-Match it is deleted only
// at that version.
func (h *Handler) GoalDelete(w http.ResponseWriter, r *http.Request) {
	h.deleteAt(w, r, "goal", h.app.Goals.Delete)
}
