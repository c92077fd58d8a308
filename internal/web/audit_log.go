package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
)

type auditData struct {
	Entries []auditRow
	Entity  string
	Kinds   []option // the kinds of record the log can be filtered by
	Older   int64    // id to continue from, 0 on the last page
}

// auditKinds names each kind of record the audit log holds, in words.
var auditKinds = []option{
	{"member", "Member"}, {"key_member", "Key member"}, {"interaction", "Interaction"},
	{"followup", "Follow-up"}, {"segment", "Segment"}, {"stakeholder_group", "Stakeholder group"},
	{"user", "Team user"}, {"api_token", "API token"},
	{"feed_token", "Calendar subscription"}, {"goal", "Goal"},
}

// auditKind is a kind of record in words: "key_member" is "Key member".
func auditKind(entity string) string {
	for _, k := range auditKinds {
		if k.Value == entity {
			return k.Label
		}
	}
	return fieldLabel(entity)
}

const auditPage = 100

// auditLog shows owners who changed what, newest first.
func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) {
	if redirectToCleanQuery(w, r, nil) {
		return
	}
	q := r.URL.Query()
	f := audit.Filter{Entity: q.Get("entity"), Limit: auditPage + 1}
	f.BeforeID, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	f.EntityID, _ = strconv.ParseInt(q.Get("entity_id"), 10, 64)
	entries, err := audit.List(r.Context(), s.app.DB, f)
	if err != nil {
		s.renderError(w, r, store.Wrap(err, "Could not read the audit log."))
		return
	}
	d := auditData{Entity: f.Entity, Kinds: auditKinds}
	if len(entries) > auditPage {
		entries = entries[:auditPage]
		d.Older = entries[auditPage-1].ID
	}
	if d.Entries, err = s.auditRows(r.Context(), entries); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "audit", view{Title: "Audit log", Nav: "settings", Data: d})
}

// auditRow is one entry with where its record's name links to ("" when
// there is no page for it, or the record was deleted).
type auditRow struct {
	audit.Entry
	Link string
}

// auditPages says where each kind of record with a page of its own lives.
// A member merged into another keeps the link: /members/{id} leads on to
// the member they were merged into.
var auditPages = map[string]string{"member": "/members/", "key_member": "/members/", "interaction": "/interactions/",
	"goal": "/goals/"}

func (s *Server) auditRows(ctx context.Context, entries []audit.Entry) ([]auditRow, error) {
	ids := map[string][]int64{}
	for _, e := range entries {
		kind := e.Entity
		if kind == "key_member" {
			kind = "member"
		}
		if _, ok := auditPages[e.Entity]; ok && e.EntityID != 0 {
			ids[kind] = append(ids[kind], e.EntityID)
		}
	}
	gone := map[string]map[int64]bool{}
	for kind, list := range ids {
		g, err := audit.Deleted(ctx, s.app.DB, kind, list)
		if err != nil {
			return nil, err
		}
		gone[kind] = g
	}
	rows := make([]auditRow, len(entries))
	for i, e := range entries {
		rows[i].Entry = e
		kind := e.Entity
		if kind == "key_member" {
			kind = "member"
		}
		if base, ok := auditPages[e.Entity]; ok && e.EntityID != 0 && !gone[kind][e.EntityID] {
			rows[i].Link = base + strconv.FormatInt(e.EntityID, 10)
		}
	}
	return rows, nil
}
