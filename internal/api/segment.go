package api

import (
	"net/http"
	"net/url"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/httpx"
	"github.com/trellis-community/trellis/internal/members"
)

// SegmentList answers GET /api/v1/segments with every saved filter, by
// name: {"segments": [...]}.
func (h *Handler) SegmentList(w http.ResponseWriter, r *http.Request) {
	list, err := h.app.Members.ListSegments(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, struct {
		Segments []members.Segment `json:"segments"`
	}{list})
}

// SegmentGet answers GET /api/v1/segments/{id}; NotFound when there is none.
func (h *Handler) SegmentGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "segment")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	seg, err := h.app.Members.GetSegment(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ok(w, seg)
}

// SegmentCreate answers POST /api/v1/segments with 201 and the segment. The
// body names it and gives the filter either as a members-list query
// ({"name", "query": "status=active&tag=x"}) or as an object ({"name",
// "filter": {"status": ["active"], "tags": ["x"]}}), not both. Errors:
// Invalid naming "name", "query.<key>" or "filter.<key>"; Conflict when the
// name is taken.
func (h *Handler) SegmentCreate(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Name   string          `json:"name"`
		Query  *string         `json:"query"`
		Filter *members.Filter `json:"filter"`
	}
	if err := httpx.DecodeJSON(w, r, &body); err != nil {
		h.fail(w, r, err)
		return
	}
	var f members.Filter
	switch {
	case body.Query != nil && body.Filter != nil:
		var fe apperr.FieldErrors
		fe.Add("query", "send either query or filter, not both")
		h.fail(w, r, fe.Err())
		return
	case body.Query != nil:
		v, err := url.ParseQuery(*body.Query)
		if err != nil {
			var fe apperr.FieldErrors
			fe.Add("query", "is not a URL query such as status=active&tag=x")
			h.fail(w, r, fe.Err())
			return
		}
		if f, err = members.ParseFilter(v); err != nil {
			h.fail(w, r, prefixFields(err, "query."))
			return
		}
	case body.Filter != nil:
		// Checked here rather than left to CreateSegment, so a problem
		// with the filter's own "name" is never taken for the segment's.
		var err error
		if f, err = body.Filter.Normalise(); err != nil {
			h.fail(w, r, renameFilterFields(err))
			return
		}
	}
	seg, err := h.app.Members.CreateSegment(r.Context(), body.Name, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	created(w, "/api/v1/segments", seg.ID, seg)
}

// renameFilterFields names a filter problem by the filter object's JSON
// path: the domain names it by its query key ("tag"), the object's field is
// "tags". Custom fields need no renaming: the object's "field" map makes
// field.lab the path of both.
func renameFilterFields(err error) error {
	err = renameFields(err, map[string]string{"tag": "tags", "interest": "interests",
		"language": "languages", "id": "ids"})
	return prefixFields(err, "filter.")
}

// SegmentDelete answers DELETE /api/v1/segments/{id} with 204; the members
// it matched are untouched. NotFound when there is none.
func (h *Handler) SegmentDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "segment")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.app.Members.DeleteSegment(r.Context(), id); err != nil {
		h.fail(w, r, err)
		return
	}
	noContent(w)
}
