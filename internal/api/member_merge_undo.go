package api

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/httpx"
	"github.com/trellis-community/trellis/internal/members"
)

// mergeList is the body of GET /api/v1/members/{id}/merges.
type mergeList struct {
	Merges []members.MergeRecord `json:"merges"`
}

// MemberMerges answers GET /api/v1/members/{id}/merges with the merges the
// member took part in, kept or merged away, newest first (at most 100):
// where to find the id POST /api/v1/merges/{id}/undo needs. An id that
// never existed gives an empty list.
func (h *Handler) MemberMerges(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "member")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	list, err := h.app.Members.Merges(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, mergeList{Merges: list})
}

// mergeUndone is the body of a successful undo.
type mergeUndone struct {
	Kept     members.Member `json:"kept"`
	Restored members.Member `json:"restored"`
}

// MergeUndo answers POST /api/v1/merges/{id}/undo with both members as
// they are again. Errors: NotFound for no such merge; Conflict, saying
// why, when the merge was already undone or can no longer be undone
// exactly (see members.Service.UndoMerge).
func (h *Handler) MergeUndo(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "merge")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	kept, restored, err := h.app.Members.UndoMerge(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, mergeUndone{Kept: kept, Restored: restored})
}

// MemberNotDuplicate answers POST /api/v1/members/{id}/not-duplicates
// {"member_id": N} with 204, after recording that {id} and N are different
// people: neither is reported as the other's duplicate again. Repeating it
// changes nothing. Errors: Invalid naming "member_id" when it is missing or
// equals id; NotFound when either member does not exist.
func (h *Handler) MemberNotDuplicate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "member")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var body struct {
		MemberID int64 `json:"member_id"`
	}
	if err := httpx.DecodeJSON(w, r, &body); err != nil {
		h.fail(w, r, err)
		return
	}
	var fe apperr.FieldErrors
	switch {
	case body.MemberID <= 0:
		fe.Add("member_id", "is required: the id of the member who is not the same person")
	case body.MemberID == id:
		fe.Add("member_id", "must be another member")
	}
	if err := fe.Err(); err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.app.Members.MarkDistinct(r.Context(), id, body.MemberID); err != nil {
		h.fail(w, r, err)
		return
	}
	noContent(w)
}

// MemberNotDuplicateDelete answers DELETE
// /api/v1/members/{id}/not-duplicates/{other} with 204: the two may be the
// same person after all. NotFound when the pair was never marked.
func (h *Handler) MemberNotDuplicateDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "member")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	other, err := strconv.ParseInt(r.PathValue("other"), 10, 64)
	if err != nil || other <= 0 {
		h.fail(w, r, apperr.NotFoundf("There is no member with id %q.", r.PathValue("other")))
		return
	}
	if err := h.app.Members.UnmarkDistinct(r.Context(), id, other); err != nil {
		h.fail(w, r, err)
		return
	}
	noContent(w)
}

// mergedAwayBody is the 404 for a member merged into another: the usual
// error with the id that holds the record now.
type mergedAwayBody struct {
	Error struct {
		httpx.ErrorDetail
		MergedInto int64 `json:"merged_into"`
	} `json:"error"`
}

// writeMergedAway answers a request for member id with a 404 pointing to
// the member it was merged into, and reports whether it did (false when
// id was not merged away).
func (h *Handler) writeMergedAway(w http.ResponseWriter, r *http.Request, id int64) bool {
	m, err := h.app.Members.MergedInto(r.Context(), id)
	if err != nil {
		return false
	}
	var body mergedAwayBody
	body.Error.Code = apperr.NotFound
	body.Error.Message = fmt.Sprintf("Member %d was merged into member %d on %s: its record is now /api/v1/members/%d.",
		id, m.KeptID, m.MergedAt.Format("2 January 2006"), m.KeptID)
	body.Error.MergedInto = m.KeptID
	httpx.WriteJSON(w, http.StatusNotFound, body)
	return true
}
