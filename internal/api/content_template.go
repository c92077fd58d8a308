package api

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/httpx"
)

// templateList is every campaign template, by name.
type templateList struct {
	Templates []content.Template `json:"templates"`
}

// ContentTemplateList answers GET /api/v1/content-templates.
func (h *Handler) ContentTemplateList(w http.ResponseWriter, r *http.Request) {
	list, err := h.app.Content.Templates(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, templateList{Templates: list})
}

// ContentTemplateCreate answers POST /api/v1/content-templates with 201
// and the stored template. Errors are Invalid naming the field: name,
// description, entries, entries[i].kind, entries[i].channel,
// entries[i].channel_label, entries[i].title_pattern, entries[i].offset_days.
func (h *Handler) ContentTemplateCreate(w http.ResponseWriter, r *http.Request) {
	var in content.TemplateInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.fail(w, r, err)
		return
	}
	t, err := h.app.Content.CreateTemplate(r.Context(), in)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	created(w, "/api/v1/content-templates", t.ID, t)
}

// ContentCampaignApply answers POST /api/v1/content/{id}/campaign: it
// applies a template to the item as a pillar launching on launch_on, in
// one transaction (all the planned items or none), and answers 201 with
// the campaign. Errors: NotFound; Invalid naming template_id, launch_on,
// pillar_id or entries[i].<field> of the template.
func (h *Handler) ContentCampaignApply(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "content item")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var in content.CampaignInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.fail(w, r, err)
		return
	}
	c, err := h.app.Content.ApplyTemplate(r.Context(), id, in)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, c)
}

// ContentCampaign answers GET /api/v1/content/{id}/campaign with the
// pillar, its campaign's items, progress and what is overdue.
func (h *Handler) ContentCampaign(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "content item")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	c, err := h.app.Content.Campaign(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, c)
}
