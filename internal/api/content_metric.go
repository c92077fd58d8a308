package api

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/httpx"
)

// metricList is an item's figures, newest reading first.
type metricList struct {
	Metrics []content.Metric `json:"metrics"`
}

// ContentMetrics answers GET /api/v1/content/{id}/metrics with every
// reading of every figure, newest first; NotFound for an unknown item.
func (h *Handler) ContentMetrics(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "content item")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	list, err := h.app.Content.Metrics(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, metricList{Metrics: list})
}

// ContentMetricAdd answers POST /api/v1/content/{id}/metrics with 201 and
// the reading stored; earlier readings stay as history. Errors: NotFound;
// Invalid naming name, label, value or read_on.
func (h *Handler) ContentMetricAdd(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "content item")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var in content.MetricInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.fail(w, r, err)
		return
	}
	m, err := h.app.Content.AddMetric(r.Context(), id, in)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, m)
}
