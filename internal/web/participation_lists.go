package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/participation"
)

// The lists a manager acts on (participation.Lists): contributors ready
// for a next step, newcomers who did not come back, key contributors
// going quiet. One list at a time, a page at a time, each member with a
// link to log an interaction with them.

// listsPage is what the lists page shows.
type listsPage struct {
	Lists   []participation.ListInfo
	Current participation.ListInfo
	Months  int
	Rows    []participation.ListRow
	Next    string // the next page's address, "" on the last
}

// participationLists shows one page of one list (?list=, ?months=, ?cursor=).
func (s *Server) participationLists(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	name := participation.ListName(q.Get("list"))
	if name == "" {
		name = participation.ListNextStep
	}
	p := listsPage{Lists: participation.Lists}
	info, ok := name.Info()
	if !ok {
		name, info = participation.ListNextStep, participation.Lists[0]
	}
	p.Current = info
	lq := participation.ListQuery{Name: name, Cursor: q.Get("cursor")}
	if raw := strings.TrimSpace(q.Get("months")); raw != "" {
		lq.Months, _ = strconv.Atoi(raw)
		if lq.Months == 0 {
			lq.Months = -1 // refused and named below
		}
	}
	rows, next, err := s.app.Participation.List(r.Context(), lq)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p.Rows, p.Months = rows, lq.Months
	if p.Months == 0 {
		p.Months = participation.DefaultMonths
	}
	if next != "" {
		v := url.Values{"list": {string(name)}, "cursor": {next}}
		if name == participation.ListNextStep {
			v.Set("months", strconv.Itoa(p.Months))
		}
		p.Next = "/participation/lists?" + v.Encode()
	}
	s.render(w, r, http.StatusOK, "participation_lists", view{Title: info.Title, Nav: "participation", Data: p})
}
