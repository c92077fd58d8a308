package api

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/contentaudit"
	"github.com/trellis-community/trellis/internal/httpx"
)

// auditPeriod reads from and to; with neither it is the community's
// current quarter. One without the other is Invalid naming the missing one.
func (h *Handler) auditPeriod(from, to string) (string, string, error) {
	if from == "" && to == "" {
		q, _ := contentaudit.QuarterOf(h.app.ContentAudit.Today())
		return q.From, q.To, nil
	}
	var fe apperr.FieldErrors
	if from == "" {
		fe.Add("from", "is required with to; write it YYYY-MM-DD")
	}
	if to == "" {
		fe.Add("to", "is required with from; write it YYYY-MM-DD")
	}
	return from, to, fe.Err()
}

// ContentAudit answers GET /api/v1/content-audit?from=YYYY-MM-DD&to=YYYY-MM-DD
// with the audit of that period (the current quarter without either):
// {"from", "to", "period", "items", "gaps"}, each gap with its "rule",
// "key", "message", "figures" and "links". Scripts rely on these names.
// Errors: Invalid naming "from" or "to".
func (h *Handler) ContentAudit(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, to, err := h.auditPeriod(q.Get("from"), q.Get("to"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	res, err := h.app.ContentAudit.Audit(r.Context(), from, to)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, res)
}

// ContentAuditList answers GET /api/v1/content-audits with every saved
// audit, findings left out, the latest period first:
// {"content_audits": [...]}. A community saves a few a year, so the list
// is not paged.
func (h *Handler) ContentAuditList(w http.ResponseWriter, r *http.Request) {
	list, err := h.app.ContentAudit.List(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, struct {
		ContentAudits []contentaudit.Saved `json:"content_audits"`
	}{list})
}

// ContentAuditSave answers POST /api/v1/content-audits {"from", "to",
// "notes"} by running the audit of that period and saving it: 201 with the
// saved audit and its findings. Errors: Invalid naming "from", "to" or
// "notes".
func (h *Handler) ContentAuditSave(w http.ResponseWriter, r *http.Request) {
	var body struct {
		From  string `json:"from"`
		To    string `json:"to"`
		Notes string `json:"notes"`
	}
	if err := httpx.DecodeJSON(w, r, &body); err != nil {
		h.fail(w, r, err)
		return
	}
	from, to, err := h.auditPeriod(body.From, body.To)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	res, err := h.app.ContentAudit.Audit(r.Context(), from, to)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	sv, err := h.app.ContentAudit.Save(r.Context(), res, body.Notes)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	created(w, "/api/v1/content-audits", sv.ID, sv)
}

// ContentAuditGet answers GET /api/v1/content-audits/{id} with one saved
// audit, each finding with the decision and note recorded on it.
func (h *Handler) ContentAuditGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "saved audit")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	sv, err := h.app.ContentAudit.Get(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, sv)
}
