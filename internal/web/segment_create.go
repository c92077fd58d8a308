package web

import (
	"net/http"
	"net/url"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/httpx"
	"github.com/trellis-community/trellis/internal/members"
)

// segmentCreate saves the list's current filter (field query) under a
// name. Problems, such as a name already taken, are shown beside the name
// field on the list the person was looking at. The field is segment_name,
// not name: the filter above it has a "name" field ("Name contains") on
// the same page, and the two must not share an id or an error.
func (s *Server) segmentCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	query, err := url.ParseQuery(r.PostForm.Get("query"))
	if err != nil {
		query = url.Values{}
	}
	// The filter is a query string inside a form field, so the edge saw it
	// still encoded ("%00"): its values are held to the text rule here.
	var fe apperr.FieldErrors
	httpx.CheckParams(&fe, query)
	var f members.Filter
	if fe != nil {
		err = &apperr.Error{Code: apperr.Invalid, Fields: fe, Message: "This filter cannot be saved: " + textProblems(fe)}
		query = url.Values{}
	} else {
		f, err = members.ParseFilter(query)
	}
	var seg members.Segment
	if err == nil {
		seg, err = s.app.Members.CreateSegment(r.Context(), r.PostForm.Get("segment_name"), f)
	}
	if err != nil {
		code, msg, fields := httpx.Public(err)
		if code != apperr.Invalid && code != apperr.Conflict {
			s.renderError(w, r, err)
			return
		}
		errs := map[string]string{}
		if f, ok := fields["name"]; ok {
			errs["segment_name"] = f
		}
		if code == apperr.Conflict {
			errs["segment_name"] = msg
		}
		v := view{Form: url.Values{"segment_name": {r.PostForm.Get("segment_name")}}, Errors: errs}
		if len(errs) == 0 {
			v.FormError = msg
		}
		s.renderMemberList(w, r, httpx.Status(err), query, v)
		return
	}
	s.redirect(w, r, memberListPath(seg.Query), "Saved the segment "+seg.Name+".")
}
