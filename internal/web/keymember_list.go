package web

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/relationships"
)

// keyMembersPage is the list of key members.
type keyMembersPage struct {
	Members []relationships.KeyMemberStatus
	Groups  []relationships.Group
	Group   relationships.Group // the group filtered on; ID 0 for all
	Sort    string              // "overdue" (most overdue first) or "name"
	Today   string
}

// keyMemberList shows every key member with cadence, warmth, last contact
// and next due date, optionally only one stakeholder group's (?group=ID),
// most overdue first or by name (?sort=name).
func (s *Server) keyMemberList(w http.ResponseWriter, r *http.Request) {
	if redirectToCleanQuery(w, r, nil) {
		return
	}
	ctx := r.Context()
	q := r.URL.Query()
	p := keyMembersPage{Sort: "overdue", Today: s.today()}
	if q.Get("sort") == "name" {
		p.Sort = "name"
	}
	var err error
	if p.Groups, err = s.app.Relationships.ListGroups(ctx); err != nil {
		s.renderError(w, r, err)
		return
	}
	if g := q.Get("group"); g != "" {
		id := formID(g)
		i := slices.IndexFunc(p.Groups, func(gr relationships.Group) bool { return gr.ID == id })
		if i < 0 {
			s.renderError(w, r, apperr.NotFoundf("Stakeholder group not found."))
			return
		}
		p.Group = p.Groups[i]
	}
	all, err := s.app.Relationships.KeyMemberStatuses(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p.Members = []relationships.KeyMemberStatus{}
	for _, st := range all {
		if p.Group.ID == 0 || slices.ContainsFunc(st.Groups, func(g relationships.Group) bool { return g.ID == p.Group.ID }) {
			p.Members = append(p.Members, st)
		}
	}
	if p.Sort == "overdue" {
		// The service returns them by name; the stable sort keeps that
		// order among members equally due.
		slices.SortStableFunc(p.Members, func(a, b relationships.KeyMemberStatus) int {
			if c := cmp.Compare(b.DaysOverdue, a.DaysOverdue); c != 0 {
				return c
			}
			return cmp.Compare(a.NextDue, b.NextDue)
		})
	}
	s.render(w, r, http.StatusOK, "keymember_list", view{Title: "Key members", Nav: "members", Data: p})
}

// relCadenceLabel names a cadence for people: "monthly", "every 10 days".
func relCadenceLabel(days int) string { return relationships.CadenceLabel(days) }

// relContactAgo says when someone was last contacted, from the days since
// (-1 for never): "never", "today", "yesterday", "23 days ago".
func relContactAgo(daysSince int) string {
	switch {
	case daysSince < 0:
		return "never"
	case daysSince == 0:
		return "today"
	case daysSince == 1:
		return "yesterday"
	}
	return strconv.Itoa(daysSince) + " days ago"
}
