package api

import (
	"net/http"
	"strconv"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/httpx"
	"github.com/trellis-community/trellis/internal/programming"
)

// Registrations and attendance of one occurrence. The occurrence is named
// by its original start (RFC 3339, or wall-clock in the session's zone):
// the query parameter or body field "occurrence", left out for a single
// session.

// attendanceEntry is one person to add or change, with the occurrence.
type attendanceEntry struct {
	Occurrence string `json:"occurrence"`
	programming.AttendanceInput
}

// attendanceBulk is several people for one occurrence.
type attendanceBulk struct {
	Occurrence string                        `json:"occurrence"`
	People     []programming.AttendanceInput `json:"people"`
}

// AttendanceGet answers GET /api/v1/sessions/{id}/attendance?occurrence=
// with the occurrence and its list, by name.
func (h *Handler) AttendanceGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "session")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	a, err := h.app.Programming.GetAttendance(r.Context(), id, r.URL.Query().Get("occurrence"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, a)
}

// AttendancePost answers POST /api/v1/sessions/{id}/attendance: adds one
// member to the list or changes the fields given of their entry; returns
// the list.
func (h *Handler) AttendancePost(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "session")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var in attendanceEntry
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.fail(w, r, err)
		return
	}
	a, err := h.app.Programming.RecordOne(r.Context(), id, in.Occurrence, in.AttendanceInput)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, a)
}

// AttendanceBulk answers POST /api/v1/sessions/{id}/attendance/bulk: the
// same for a list of people, all or none; problems name
// people[i].member_id and the like.
func (h *Handler) AttendanceBulk(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "session")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var in attendanceBulk
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.fail(w, r, err)
		return
	}
	a, err := h.app.Programming.RecordAttendance(r.Context(), id, in.Occurrence, in.People)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, a)
}

// AttendanceDelete answers DELETE
// /api/v1/sessions/{id}/attendance/{member}?occurrence= with 204.
func (h *Handler) AttendanceDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "session")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	member, err := strconv.ParseInt(r.PathValue("member"), 10, 64)
	if err != nil || member <= 0 {
		h.fail(w, r, apperr.NotFoundf("There is no member with id %q.", r.PathValue("member")))
		return
	}
	if err := h.app.Programming.RemoveAttendee(r.Context(), id, r.URL.Query().Get("occurrence"), member); err != nil {
		h.fail(w, r, err)
		return
	}
	noContent(w)
}
