package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/httpx"
	"github.com/trellis-community/trellis/internal/relationships"
)

// followUpsPage is one tab and page of the follow-up list.
type followUpsPage struct {
	Tabs       []followUpTab
	Status     string
	Mine       bool // only the current user's
	MineLink   string
	AllLink    string
	MemberID   int64
	MemberName string
	FollowUps  []relationships.FollowUp
	Today      string
	Tomorrow   string // the earliest date a follow-up can be snoozed to
	Back       string // this page, for the action buttons to return to
	More       string // link to the next page; "" on the last
	First      string // link back to the first page, when on a later one
	Empty      string // what to say when the tab is empty
}

// followUpTab is one status tab.
type followUpTab struct {
	Label   string
	Link    string
	Current bool
}

// followUpTabs are the list's tabs in order: status, label, empty state.
var followUpTabs = []struct{ status, label, empty string }{
	{"overdue", "Overdue", "Nothing is overdue."},
	{"due", "Due by today", "Nothing is due today or earlier."},
	{"upcoming", "Upcoming", "Nothing is coming up."},
	{"open", "All open", "No open follow-ups."},
	{"done", "Done", "Nothing has been completed yet."},
}

// followUpPageSize is how many follow-ups one page lists.
const followUpPageSize = 25

// followUpList shows follow-ups by status tab (?status=overdue, due,
// upcoming, open (the default) or done), only the current user's with
// ?mine=1, only one member's with ?member=ID, a page at a time (?cursor=).
func (s *Server) followUpList(w http.ResponseWriter, r *http.Request) {
	if redirectToCleanQuery(w, r, nil) {
		return
	}
	ctx := r.Context()
	q := r.URL.Query()
	p := followUpsPage{Status: strings.TrimSpace(q.Get("status")), Mine: q.Get("mine") == "1",
		Today: s.today(), Back: r.URL.RequestURI()}
	p.Tomorrow = addDays(p.Today, 1)
	if p.Status == "" {
		p.Status = "open"
	}
	f := relationships.FollowUpFilter{Status: p.Status, Cursor: q.Get("cursor"), Limit: followUpPageSize}
	if p.Mine {
		me, _ := httpx.UserFrom(ctx)
		f.OwnerID = me.ID
	}
	if q.Get("member") != "" {
		f.MemberID = formID(q.Get("member"))
		m, err := s.app.Members.Get(ctx, f.MemberID)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		p.MemberID, p.MemberName = m.ID, m.DisplayName()
	}
	for _, t := range followUpTabs {
		p.Tabs = append(p.Tabs, followUpTab{Label: t.label, Current: t.status == p.Status,
			Link: "/followups?" + withQuery(q, "cursor", "", "status", t.status)})
		if t.status == p.Status {
			p.Empty = t.empty
		}
	}
	p.MineLink = "/followups?" + withQuery(q, "cursor", "", "mine", "1")
	p.AllLink = "/followups?" + withQuery(q, "cursor", "", "mine", "")

	v := view{Title: "Follow-ups", Nav: "followups"}
	list, next, err := s.app.Relationships.ListFollowUps(ctx, f)
	if e, ok := asInvalid(err); ok {
		v.Errors, v.FormError, v.Data = e.Fields, e.Message, p
		s.render(w, r, http.StatusUnprocessableEntity, "followup_list", v)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p.FollowUps = list
	if next != "" {
		p.More = "/followups?" + withQuery(q, "cursor", next)
	}
	if f.Cursor != "" {
		p.First = "/followups?" + withQuery(q, "cursor", "")
	}
	v.Data = p
	s.render(w, r, http.StatusOK, "followup_list", v)
}

// relDueWhen says when a follow-up is due, against today (both
// YYYY-MM-DD): "due today", "1 day overdue", "4 days overdue", "due
// tomorrow", "due in 5 days".
func relDueWhen(due, today string) string {
	d, err1 := time.Parse(time.DateOnly, due)
	t, err2 := time.Parse(time.DateOnly, today)
	if err1 != nil || err2 != nil {
		return "due " + due
	}
	// Both are UTC midnights, so the difference is whole days.
	n := int(d.Sub(t).Hours() / 24)
	switch {
	case n == 0:
		return "due today"
	case n == 1:
		return "due tomorrow"
	case n == -1:
		return "1 day overdue"
	case n < 0:
		return strconv.Itoa(-n) + " days overdue"
	}
	return "due in " + strconv.Itoa(n) + " days"
}
