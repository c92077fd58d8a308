package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/httpx"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/relationships"
)

// memberPageSize is how many members one page of the list shows.
const memberPageSize = 50

// memberListData is the members list: the filter as typed, one page of
// matches, and the saved segments.
type memberListData struct {
	raw         url.Values // the query as typed, to refill the filter form
	Filter      members.Filter
	FilterQuery string // the canonical filter (with its sort), encoded
	Back        string // this page's query, for forms that return here
	Rows        []memberRow
	Count       int
	Next        string // address of the next page; "" on the last
	First       string // address of the first page; "" when on it
	Invalid     bool   // the filter could not be read; no rows shown
	Segments    []members.Segment
	Options     memberOptions
}

// memberRow is one member in the list, with their key-member status when
// they are one.
type memberRow struct {
	members.Member
	Key *relationships.KeyMemberStatus
}

// Filtered reports whether any condition narrows the list (sorting aside).
func (d memberListData) Filtered() bool {
	f := d.Filter
	f.Sort = ""
	return len(f.Values()) > 0
}

// ListURL is the members list showing an encoded filter query.
func (memberListData) ListURL(query string) string { return memberListPath(query) }

// Value is a filter field's text as typed, lists joined with commas.
func (d memberListData) Value(key string) string {
	return strings.Join(queryList(d.raw, key), ", ")
}

// Has reports whether the filter asks for value under key, for selects.
func (d memberListData) Has(key, value string) bool {
	return slices.ContainsFunc(queryList(d.raw, key), func(v string) bool { return strings.EqualFold(v, value) })
}

// sortColumn is the column the list is sorted by and whether it is
// reversed.
func (d memberListData) sortColumn() (string, bool) {
	s := d.Filter.Sort
	if s == "" {
		s = "name"
	}
	col, desc := strings.CutPrefix(s, "-")
	return col, desc
}

// SortURL is the address that sorts by col: ascending, or reversed when
// the list is already sorted by col ascending. The page starts again.
func (d memberListData) SortURL(col string) string {
	f := d.Filter
	cur, desc := d.sortColumn()
	f.Sort = col
	if cur == col && !desc {
		f.Sort = "-" + col
	}
	if f.Sort == "name" {
		f.Sort = ""
	}
	return memberListPath(f.Values().Encode())
}

// AriaSort is the aria-sort value of col's header: "ascending",
// "descending", or "" for a column the list is not sorted by.
func (d memberListData) AriaSort(col string) string {
	cur, desc := d.sortColumn()
	switch {
	case cur != col:
		return ""
	case desc:
		return "descending"
	}
	return "ascending"
}

// queryList is a key's values with comma lists split, as ParseFilter
// reads them.
func queryList(v url.Values, key string) []string {
	var out []string
	for _, raw := range v[key] {
		for _, s := range strings.Split(raw, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// memberList shows the members matching the query's filter, a page at a
// time. A filter that cannot be read is shown with its problems (422), not
// as a broken page.
func (s *Server) memberList(w http.ResponseWriter, r *http.Request) {
	if redirectToCleanQuery(w, r, dropEmptyFieldPairs, fieldNameInput, fieldValueInput) {
		return
	}
	s.renderMemberList(w, r, http.StatusOK, r.URL.Query(), view{})
}

// renderMemberList renders the list for query with status. Forms posted
// from the list (save a segment) come back through here with their
// problems in v.
func (s *Server) renderMemberList(w http.ResponseWriter, r *http.Request, status int, query url.Values, v view) {
	ctx := r.Context()
	query = fieldPairs(query)
	d := memberListData{raw: query, Back: query.Encode(), Options: memberFormOptions()}
	segments, err := s.app.Members.ListSegments(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	d.Segments = segments

	if err := s.fillMemberList(r, query, &d); err != nil {
		code, msg, fields := httpx.Public(err)
		if code != apperr.Invalid {
			s.renderError(w, r, err)
			return
		}
		d.Invalid, d.Rows = true, nil
		if status < http.StatusBadRequest {
			status = http.StatusUnprocessableEntity
		}
		switch {
		case fields["cursor"] != "":
			// Only a stale or edited link does this; the template offers
			// the first page.
			v.FormError = "This page link no longer works."
		case len(fields) > 0:
			v.FormError = "This filter cannot be used. Please correct the highlighted fields."
		default:
			v.FormError = "This filter cannot be used: " + msg
		}
		v.Errors = mergeErrors(v.Errors, fields)
	}
	v.Title, v.Nav, v.Data = "Members", "members", d
	s.render(w, r, status, "member_list", v)
}

// fillMemberList reads the filter and one page of members into d.
func (s *Server) fillMemberList(r *http.Request, query url.Values, d *memberListData) error {
	ctx := r.Context()
	f, err := members.ParseFilter(query)
	if err != nil {
		return err
	}
	d.Filter = f
	d.FilterQuery = f.Values().Encode()
	cursor := query.Get("cursor")
	res, err := s.app.Members.List(ctx, f, members.Page{Limit: memberPageSize, Cursor: cursor})
	if err != nil {
		return err
	}
	if d.Count, err = s.app.Members.Count(ctx, f); err != nil {
		return err
	}
	ids := make([]int64, len(res.Members))
	for i, m := range res.Members {
		ids[i] = m.ID
	}
	keys := map[int64]*relationships.KeyMemberStatus{}
	if len(ids) > 0 {
		statuses, err := s.app.Relationships.KeyMemberStatuses(ctx, ids...)
		if err != nil {
			return err
		}
		for i := range statuses {
			keys[statuses[i].MemberID] = &statuses[i]
		}
	}
	for _, m := range res.Members {
		d.Rows = append(d.Rows, memberRow{Member: m, Key: keys[m.ID]})
	}
	if res.Next != "" {
		next := f.Values()
		next.Set("cursor", res.Next)
		d.Next = "/members?" + next.Encode()
	}
	if cursor != "" {
		d.First = memberListPath(d.FilterQuery)
	}
	return nil
}

// mergeErrors adds b's field errors to a's, keeping a's where both have one.
func mergeErrors(a, b map[string]string) map[string]string {
	if len(b) == 0 {
		return a
	}
	out := map[string]string{}
	for k, v := range b {
		out[k] = v
	}
	for k, v := range a {
		out[k] = v
	}
	return out
}
