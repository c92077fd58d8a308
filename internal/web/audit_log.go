package web

import (
	"net/http"
	"strconv"

	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
)

type auditData struct {
	Entries []audit.Entry
	Entity  string
	Older   int64 // id to continue from, 0 on the last page
}

const auditPage = 100

// auditLog shows owners who changed what, newest first.
func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := audit.Filter{Entity: q.Get("entity"), Limit: auditPage + 1}
	f.BeforeID, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	f.EntityID, _ = strconv.ParseInt(q.Get("entity_id"), 10, 64)
	entries, err := audit.List(r.Context(), s.app.DB, f)
	if err != nil {
		s.renderError(w, r, store.Wrap(err, "Could not read the audit log."))
		return
	}
	d := auditData{Entries: entries, Entity: f.Entity}
	if len(entries) > auditPage {
		d.Entries = entries[:auditPage]
		d.Older = d.Entries[auditPage-1].ID
	}
	s.render(w, r, http.StatusOK, "audit", view{Title: "Audit log", Nav: "settings", Data: d})
}
