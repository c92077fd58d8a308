package api

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/httpx"
	"github.com/trellis-community/trellis/internal/participation"
)

// The participation figures over time, from the same functions as the
// /participation page. Months are "YYYY-MM", calendar months in the
// community's time zone; from and to default to the twelve months ending
// this month.

func (h *Handler) period(r *http.Request) (participation.Period, error) {
	q := r.URL.Query()
	return participation.ParsePeriod(q.Get("from"), q.Get("to"), h.app.Participation.CurrentMonth(), 12)
}

// ParticipationFunnel answers GET /api/v1/participation/funnel?from=&to=
// with every month's active members by deepest mode. Errors: Invalid
// naming "from" or "to".
func (h *Handler) ParticipationFunnel(w http.ResponseWriter, r *http.Request) {
	p, err := h.period(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f, err := h.app.Participation.Funnel(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	st, err := h.rollupStatus(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, struct {
		Definition string                      `json:"definition"`
		Months     []participation.FunnelMonth `json:"months"`
		RollUp     rollupJSON                  `json:"rollup"`
	}{participation.FunnelDefinition, f, st})
}

// ParticipationFlows answers GET /api/v1/participation/flows?from=&to=
// comparing each member's deepest mode in month from with month to (by
// default the two months before this one).
func (h *Handler) ParticipationFlows(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	cur := h.app.Participation.CurrentMonth()
	from, to := cur.Add(-2), cur.Add(-1)
	var err error
	if v := q.Get("from"); v != "" {
		if from, err = participation.ParseMonth("from", v); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if v := q.Get("to"); v != "" {
		if to, err = participation.ParseMonth("to", v); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	f, err := h.app.Participation.Flows(r.Context(), from, to)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	st, err := h.rollupStatus(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, struct {
		Definition string `json:"definition"`
		participation.Flows
		RollUp rollupJSON `json:"rollup"`
	}{participation.FlowsDefinition, f, st})
}

type metricJSON struct {
	Key        string `json:"key"`
	Name       string `json:"name"`
	Definition string `json:"definition"`
}

// ParticipationHealth answers GET /api/v1/participation/health?from=&to=
// with every month's health figures, the active members of the last month
// by career stage, country and affiliation, and each figure's definition.
func (h *Handler) ParticipationHealth(w http.ResponseWriter, r *http.Request) {
	p, err := h.period(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	hs, err := h.app.Participation.Health(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	groups, err := h.app.Participation.Groups(r.Context(), p.To)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	st, err := h.rollupStatus(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var defs []metricJSON
	for _, m := range participation.HealthMetrics() {
		defs = append(defs, metricJSON(m))
	}
	ok(w, struct {
		Definitions []metricJSON                     `json:"definitions"`
		Months      []participation.HealthMonth      `json:"months"`
		GroupsMonth participation.Month              `json:"groups_month"`
		Groups      map[string][]participation.Group `json:"groups"`
		RollUp      rollupJSON                       `json:"rollup"`
	}{defs, hs, p.To, groups, st})
}

// LifecycleGet answers GET /api/v1/participation/lifecycle with the
// current stage, its history, the signals and the models.
func (h *Handler) LifecycleGet(w http.ResponseWriter, r *http.Request) {
	l, err := h.app.Participation.Lifecycle(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, l)
}

// LifecycleCreate answers POST /api/v1/participation/lifecycle with 201
// and the recorded stage and its ETag. Errors: Invalid naming model,
// stage, since or notes.
func (h *Handler) LifecycleCreate(w http.ResponseWriter, r *http.Request) {
	var in participation.LifecycleInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.fail(w, r, err)
		return
	}
	e, err := h.app.Participation.AddLifecycle(r.Context(), in)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	setETag(w, e.Version)
	httpx.WriteJSON(w, http.StatusCreated, e)
}

var lifecycleReadOnly = []string{"id", "model_label", "stage_label", "stage_about", "version", "created_at", "updated_at"}

// LifecyclePatch answers PATCH /api/v1/participation/lifecycle/{id}: a JSON
// merge patch over model, stage, since and notes. With If-Match only to
// that version; without, to the entry as read (a change in between is a
// conflict, never overwritten). Errors: NotFound; Invalid; Conflict (409)
// listing what changed.
func (h *Handler) LifecyclePatch(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "lifecycle stage")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	version, err := ifMatch(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	patch, err := readMergePatch(w, r, lifecycleReadOnly)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	cur, err := h.app.Participation.LifecycleEntry(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if version == 0 {
		version = cur.Version
	}
	var in participation.LifecycleInput
	if err := patch.applyTo(participation.LifecycleInput{Model: cur.Model, Stage: cur.Stage, Since: cur.Since, Notes: cur.Notes}, lifecycleReadOnly, &in); err != nil {
		h.fail(w, r, err)
		return
	}
	e, err := h.app.Participation.EditLifecycle(r.Context(), id, version, in)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	setETag(w, e.Version)
	ok(w, e)
}

// LifecycleDelete answers DELETE /api/v1/participation/lifecycle/{id} with
// 204; with If-Match only at that version.
func (h *Handler) LifecycleDelete(w http.ResponseWriter, r *http.Request) {
	h.deleteAt(w, r, "lifecycle stage", h.app.Participation.DeleteLifecycle)
}
