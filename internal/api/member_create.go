package api

import (
	"net/http"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/httpx"
	"github.com/trellis-community/trellis/internal/members"
)

// duplicateRef names a member who may be the person being added.
type duplicateRef struct {
	ID      int64    `json:"id"`
	Name    string   `json:"name"`
	Reasons []string `json:"reasons"`
}

// duplicateBody is the 409 a create answers when it finds likely
// duplicates: the usual error object with the duplicates inside it.
type duplicateBody struct {
	Error struct {
		httpx.ErrorDetail
		Duplicates []duplicateRef `json:"duplicates"`
	} `json:"error"`
}

// MemberCreate answers POST /api/v1/members with 201, a Location header and
// the stored member. id, archived_at, created_at and updated_at in the
// body are ignored. Unless the query says allow_duplicates=true, a likely
// duplicate of someone already recorded (members.Service.FindDuplicates:
// email, ORCID iD, platform identity, name, or a close name at the same
// affiliation) is refused with 409 conflict listing them in
// error.duplicates. Errors: Invalid naming the field (unknown fields
// included).
func (h *Handler) MemberCreate(w http.ResponseWriter, r *http.Request) {
	var fe apperr.FieldErrors
	allowDuplicates := queryBool(&fe, r.URL.Query(), "allow_duplicates")
	if err := fe.Err(); err != nil {
		h.fail(w, r, err)
		return
	}
	var m members.Member
	if err := httpx.DecodeJSON(w, r, &m); err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	// Validate first, so a bad record is told what is wrong with it rather
	// than who it might duplicate.
	if _, err := members.Validate(m); err != nil {
		h.fail(w, r, err)
		return
	}
	if !allowDuplicates {
		dups, err := h.app.Members.FindDuplicates(ctx, m)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		if len(dups) > 0 {
			writeDuplicates(w, dups)
			return
		}
	}
	out, err := h.app.Members.Create(ctx, m)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	setETag(w, out.Version)
	created(w, "/api/v1/members", out.ID, out)
}

func writeDuplicates(w http.ResponseWriter, dups []members.Duplicate) {
	var body duplicateBody
	body.Error.Code = apperr.Conflict
	body.Error.Message = "This person may already be recorded. Merge the records, or send the request " +
		"again with ?allow_duplicates=true to add them anyway."
	body.Error.Duplicates = make([]duplicateRef, len(dups))
	for i, d := range dups {
		body.Error.Duplicates[i] = duplicateRef{ID: d.Member.ID, Name: d.Member.Name, Reasons: d.Reasons}
	}
	httpx.WriteJSON(w, http.StatusConflict, body)
}
