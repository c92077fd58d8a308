package api

import (
	"net/http"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/httpx"
	"github.com/trellis-community/trellis/internal/programming"
)

// programmeReadOnly are fields a programme shows but a PATCH may not set.
var programmeReadOnly = []string{"id", "host_names", "version", "created_at", "updated_at"}

// programmePage is one page of programmes.
type programmePage struct {
	Programmes []programming.Programme `json:"programmes"`
	NextCursor string                  `json:"next_cursor,omitempty"`
}

// ProgrammeList answers GET /api/v1/programmes with programmes newest
// first, a page at a time. Query: kind, status, cursor, limit. Errors:
// Invalid naming the parameter.
func (h *Handler) ProgrammeList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var fe apperr.FieldErrors
	f := programming.ProgrammeFilter{
		Kind:   programming.Kind(strings.TrimSpace(q.Get("kind"))),
		Status: programming.Status(strings.TrimSpace(q.Get("status"))),
		Cursor: q.Get("cursor"),
		Limit:  queryLimit(&fe, q),
	}
	if err := fe.Err(); err != nil {
		h.fail(w, r, err)
		return
	}
	list, next, err := h.app.Programming.ListProgrammes(r.Context(), f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, programmePage{Programmes: list, NextCursor: next})
}

// ProgrammeCreate answers POST /api/v1/programmes with 201 and the stored
// programme. Errors are Invalid naming the field (kind, title, hosts[0],
// goals[0].goal_id ...).
func (h *Handler) ProgrammeCreate(w http.ResponseWriter, r *http.Request) {
	var in programming.ProgrammeInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.fail(w, r, err)
		return
	}
	p, err := h.app.Programming.CreateProgramme(r.Context(), in)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	setETag(w, p.Version)
	created(w, "/api/v1/programmes", p.ID, p)
}

// ProgrammeGet answers GET /api/v1/programmes/{id}; NotFound when none.
func (h *Handler) ProgrammeGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "programme")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p, err := h.app.Programming.GetProgramme(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	setETag(w, p.Version)
	ok(w, p)
}

// ProgrammePatch answers PATCH /api/v1/programmes/{id}: a JSON merge patch
// over the writable fields, applied to the programme as it stands inside
// the transaction that stores it. With If-Match only at that version
// (409 listing what changed otherwise).
func (h *Handler) ProgrammePatch(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "programme")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	version, err := ifMatch(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	patch, err := readMergePatch(w, r, programmeReadOnly)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p, err := h.app.Programming.EditProgramme(r.Context(), id, version, func(cur programming.Programme) (programming.ProgrammeInput, error) {
		var next programming.ProgrammeInput
		err := patch.applyTo(cur, programmeReadOnly, &next)
		return next, err
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	setETag(w, p.Version)
	ok(w, p)
}

// ProgrammeDelete answers DELETE /api/v1/programmes/{id} with 204; its
// sessions go with it. With If-Match only at that version.
func (h *Handler) ProgrammeDelete(w http.ResponseWriter, r *http.Request) {
	h.deleteAt(w, r, "programme", h.app.Programming.DeleteProgramme)
}
