package api

import (
	"net/http"
	"strconv"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/export"
	"github.com/trellis-community/trellis/internal/httpx"
)

// ExportStart answers POST /api/v1/exports, body {"kind":
// "members"|"activities"|"interactions"|"archive", "format": "csv"|"vcard",
// "segment": ID, "archived": bool}, with 202 and the export job (its id,
// job_id, status), whatever its size. The archive is for owners
// (Forbidden otherwise). Errors: Invalid naming the field, NotFound for an
// unknown segment.
func (h *Handler) ExportStart(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Kind     string `json:"kind"`
		Format   string `json:"format"`
		Segment  int64  `json:"segment"`
		Archived bool   `json:"archived"`
	}
	if err := httpx.DecodeJSON(w, r, &body); err != nil {
		h.fail(w, r, err)
		return
	}
	form := map[string]string{"kind": body.Kind, "format": body.Format}
	if body.Segment != 0 {
		form["segment"] = strconv.FormatInt(body.Segment, 10)
	}
	if body.Archived {
		form["archived"] = "include"
	}
	req, err := export.ParseRequest(func(k string) string { return form[k] })
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if u, _ := httpx.UserFrom(r.Context()); req.Kind == export.KindArchive && !u.Role.CanAdmin() {
		h.fail(w, r, apperr.New(apperr.Forbidden, "Only owners may export the whole database: it holds the team's password hashes."))
		return
	}
	e, err := h.app.Exports.Start(r.Context(), req)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/exports/"+strconv.FormatInt(e.ID, 10))
	httpx.WriteJSON(w, http.StatusAccepted, e)
}

// ExportGet answers GET /api/v1/exports/{id} with the export job: status,
// rows_done of rows_total, size in bytes. Forbidden unless the caller
// asked for it or is an owner; NotFound once pruned (a day after).
func (h *Handler) ExportGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "export")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	u, _ := httpx.UserFrom(r.Context())
	e, err := h.app.Exports.GetFor(r.Context(), id, u.ID, u.Role.CanAdmin())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, e)
}

// ExportDownload answers GET /api/v1/exports/{id}/download with the
// finished file. Forbidden unless the caller asked for it or is an owner;
// Conflict while it is not done.
func (h *Handler) ExportDownload(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "export")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	u, _ := httpx.UserFrom(r.Context())
	d, err := h.app.Exports.Open(r.Context(), id, u.ID, u.Role.CanAdmin())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Serve(w, r, h.log)
}
